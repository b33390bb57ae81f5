"""Periods of obligations, beside the rules and below them: the instances of a duty an organisation
has between two dates (``period``: calendar years, council terms, adding an interval; ``kinds``: a
plug-in for each period kind a rule may name, ``KINDS``). The rule format reads the kinds' names
from here, the engine their instances; neither imports the other for them."""
