"""The tables the import pipeline takes: for each, its columns (as the template shows them),
the rules that span columns, and its natural key. Pure Python: no database access here; the
database half of each kind (references, duplicates against the registry, upserts) lives in
imports/writers.py.
"""
from edubureau.imports.kinds.base import ImportKind
from edubureau.imports.kinds.classes import CLASSES
from edubureau.imports.kinds.figures import FIGURES
from edubureau.imports.kinds.population import POPULATION
from edubureau.imports.kinds.schools import SCHOOLS
from edubureau.imports.kinds.students import STUDENTS
from edubureau.imports.kinds.teachers import TEACHERS

KINDS: dict[str, ImportKind] = {kind.key: kind for kind in (SCHOOLS, FIGURES, CLASSES, STUDENTS, TEACHERS, POPULATION)}
KIND_CHOICES = [(kind.key, kind.label) for kind in KINDS.values()]

__all__ = ["KINDS", "KIND_CHOICES", "ImportKind", "SCHOOLS", "FIGURES", "CLASSES", "STUDENTS", "TEACHERS", "POPULATION"]
