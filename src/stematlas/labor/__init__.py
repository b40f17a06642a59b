"""The labor market: family-wage and in-demand rules, credential levels, regional
job lists and where to earn the credentials they need.

Reads only the tables the sources wrote into the warehouse and writes its own
(``careers``, ``career_pathways``, ``career_offerings``, ``career_rules``,
``career_notes``); the outputs read them through ``stematlas.atlas``.
"""
