"""Crossings: crossing points with lanes and hours, inspections of travellers with one
decision and every reason, entry and exit movements, stays computed the way the EU
entry-exit system computes them, overstays, traffic figures and a what-if simulation.
See docs/crossings.md.
"""
