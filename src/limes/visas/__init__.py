"""Visas: e-visa applications for tourism or medical treatment, their checks, the consular
officer's decision, issuance with an ICAO 9303 visa MRZ and a visible digital seal, and
revocation. See docs/visas.md.
"""
