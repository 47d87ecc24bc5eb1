"""Cargo: trucks and their loads at the crossings — declarations filed before arrival, the
customs lane each truck is given and why, examinations, seizures, and the risk profiles and
learnt score that choose the trucks to examine."""
