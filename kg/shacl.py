"""SHACL shapes compiled once into checks that cost little per graph: the fast path of :mod:`kg.validate`.

pySHACL re-reads the shapes graph and asks rdflib's store for every focus node and path of every
shape, on every graph: most of the time of a load went there. :func:`compile_shapes` reads the
shapes once into plain checks (a target's classes, a path's predicates, a constraint's parameters);
:meth:`CompiledShapes.check` then indexes a graph once by subject and runs them, and runs the
SHACL-SPARQL constraints on Oxigraph, the store's own SPARQL engine, over the whole graph at once
rather than once per focus node.

It is a sieve, not a second validator. What it finds is either *decisive* (a result of a core
component it reproduces exactly as pySHACL words it: the cardinalities, datatypes, classes, node
kinds, value lists, lengths and patterns, from a shape with one ``sh:message``), or it sends the graph
to pySHACL: a violation of any kind, and any result of a SPARQL, property-pair or logical
constraint, is left to pySHACL, which writes the report users read. A graph with no result, or
with decisive warnings only (every article has some), needs no pySHACL at all. Shapes that use a
feature outside this set (:class:`Unsupported`) are validated by pySHACL alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

#: sh: predicates a node shape may use here (others make the shapes :class:`Unsupported`).
_NODE_SHAPE_KEYS = {SH.targetClass, SH.property, SH.sparql, SH.severity, SH.message, SH.deactivated}
#: sh: predicates a property shape may use here, besides its constraint parameters.
_PROPERTY_SHAPE_KEYS = {SH.path, SH.severity, SH.message, SH.deactivated, SH.name, SH.description, SH.order, SH.group}
#: Constraint parameters this module evaluates; ``sh:flags`` goes with ``sh:pattern``.
_PARAMETERS = {
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH.nodeKind,
    SH["in"],
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.flags,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH["or"],
}
#: Components whose results this module words exactly as pySHACL does (given one sh:message).
_EXACT = {
    SH.MinCountConstraintComponent,
    SH.MaxCountConstraintComponent,
    SH.DatatypeConstraintComponent,
    SH.ClassConstraintComponent,
    SH.NodeKindConstraintComponent,
    SH.InConstraintComponent,
    SH.MinLengthConstraintComponent,
    SH.MaxLengthConstraintComponent,
    SH.PatternConstraintComponent,
}
_NODE_KINDS = {
    SH.IRI: (URIRef,),
    SH.BlankNode: (BNode,),
    SH.Literal: (Literal,),
    SH.BlankNodeOrIRI: (BNode, URIRef),
    SH.BlankNodeOrLiteral: (BNode, Literal),
    SH.IRIOrLiteral: (URIRef, Literal),
}
#: The Python type a well-formed literal of a datatype has (what pySHACL checks beside the datatype IRI).
_VALUE_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.dateTime: datetime,
    XSD.time: time,
}


_TYPE = RDF.type
_TYPE_PATH = (RDF.type,)
_SUBCLASS_OF = (RDFS.subClassOf,)
_MIN_COUNT, _MAX_COUNT = SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent
_PAIRS = {SH.LessThanConstraintComponent: True, SH.LessThanOrEqualsConstraintComponent: False}  # → strict


class Unsupported(Exception):
    """The shapes use a SHACL feature this module does not evaluate; pySHACL validates them alone."""


@dataclass(frozen=True)
class Result:
    """One validation result.

    Attributes:
        focus: the focus node.
        path: the property shape's path (an IRI, or the blank node of a complex path), ``None`` for a node shape's.
        value: the value node, when the component reports one.
        severity: ``sh:Violation``, ``sh:Warning`` or ``sh:Info``.
        message: the shape's ``sh:message``, when it has exactly one.
        component: the constraint component, e.g. ``sh:MinCountConstraintComponent``.
        shape: the shape the constraint belongs to.
    """

    focus: Node
    path: Node | None
    value: Node | None
    severity: Node
    message: str | None
    component: URIRef
    shape: Node

    @property
    def decisive(self) -> bool:
        """Whether this result is a warning worded exactly as pySHACL words it (otherwise pySHACL decides)."""
        return self.severity != SH.Violation and self.message is not None and self.component in _EXACT


@dataclass
class _Constraint:
    """One constraint component of a property shape, with its parameters."""

    component: URIRef
    parameter: Any


@dataclass
class _PropertyShape:
    node: Node
    path: Node
    predicates: tuple[URIRef, ...]
    severity: Node
    message: str | None
    constraints: list[_Constraint] = field(default_factory=list)


@dataclass
class _SparqlConstraint:
    node: Node
    query: str  # with the PREFIX lines of the shapes' declarations


@dataclass
class _NodeShape:
    node: Node
    targets: frozenset[URIRef]
    properties: list[_PropertyShape]
    sparql: list[_SparqlConstraint]
    severity: Node


class _Index:
    """A graph by subject, with its class hierarchy: what the checks ask of it, in dictionaries."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        self.about: dict[Node, dict[Node, dict[Node, None]]] = {}
        for s, p, o in triples:
            self.about.setdefault(s, {}).setdefault(p, {})[o] = None
        self._supers: dict[Node, frozenset[Node]] = {}
        self._typed: dict[Node, list[Node]] | None = None

    def values(self, node: Node, predicates: tuple[URIRef, ...]) -> list[Node]:
        """The objects of a node by any of the predicates (each once)."""
        about = self.about.get(node)
        if about is None:
            return []
        if len(predicates) == 1:
            return list(about.get(predicates[0], ()))
        return list(dict.fromkeys(o for p in predicates for o in about.get(p, ())))

    def superclasses(self, cls: Node) -> frozenset[Node]:
        """A class and every class it is an rdfs:subClassOf, transitively."""
        known = self._supers.get(cls)
        if known is None:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.values(todo.pop(), _SUBCLASS_OF):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            known = self._supers[cls] = frozenset(seen)
        return known

    def is_instance(self, node: Node, cls: Node) -> bool:
        """Whether a node has an rdf:type that is the class or one of its subclasses."""
        return any(cls in self.superclasses(t) for t in self.values(node, _TYPE_PATH))

    def instances(self, classes: frozenset[URIRef]) -> list[Node]:
        """The nodes with an rdf:type that is one of the classes or a subclass of one (each once)."""
        if self._typed is None:
            self._typed = {}
            for node, about in self.about.items():
                for cls in about.get(_TYPE, ()):
                    self._typed.setdefault(cls, []).append(node)
        found = [n for cls, nodes in self._typed.items() if classes & self.superclasses(cls) for n in nodes]
        return list(dict.fromkeys(found))


class CompiledShapes:
    """Shapes read once into checks; :meth:`check` runs them on a graph."""

    def __init__(self, shapes: list[_NodeShape]) -> None:
        self._shapes = shapes

    @property
    def uses_sparql(self) -> bool:
        """Whether some shape has a SHACL-SPARQL constraint (then :meth:`check` needs the graph as N-Triples)."""
        return any(s.sparql for s in self._shapes)

    def check(self, triples: Iterable[tuple[Node, Node, Node]], lines: Iterable[str] = ()) -> list[Result]:
        """Every result of the shapes on a graph.

        Args:
            triples: the graph's triples (with its class hierarchy and the context it reaches).
            lines: the same graph as N-Triples lines, for the SHACL-SPARQL constraints (unused without them).

        Returns:
            The results, each with its severity and message.
        """
        index = _Index(triples)
        results: list[Result] = []
        store: ox.Store | None = None
        for shape in self._shapes:
            focus = index.instances(shape.targets)
            if not focus:
                continue
            for prop in shape.properties:
                for node in focus:
                    results.extend(_check_property(index, prop, node))
            if shape.sparql:
                if store is None:
                    store = ox.Store()
                    store.load("\n".join(f"{line} ." for line in lines), format=ox.RdfFormat.N_TRIPLES)
                results.extend(self._check_sparql(store, shape, set(focus)))
        return results

    def _check_sparql(self, store: ox.Store, shape: _NodeShape, focus: set[Node]) -> Iterator[Result]:
        """The rows of each SHACL-SPARQL constraint, run once over the graph rather than once per focus node."""
        for constraint in shape.sparql:
            solutions = store.query(constraint.query)
            assert isinstance(solutions, ox.QuerySolutions)
            for row in solutions:
                this = row["this"]
                node = from_ox(this) if this is not None else None
                if node in focus:
                    assert node is not None
                    value = row["value"]
                    yield Result(
                        node,
                        None,
                        from_ox(value) if value is not None else None,
                        shape.severity,
                        None,
                        SH.SPARQLConstraintComponent,
                        constraint.node,
                    )


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Read a shapes graph into checks.

    Raises:
        Unsupported: a shape uses a feature this module does not evaluate (pySHACL must validate alone).
    """
    compiled: list[_NodeShape] = []
    prefixes = _prefixes(shapes)
    for node in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        _only(shapes, node, _NODE_SHAPE_KEYS)
        if _deactivated(shapes, node):
            continue
        if any((node, RDF.type, c) in shapes for c in (RDFS.Class, OWL.Class)):
            raise Unsupported(f"{node} is also a class (an implicit class target)")
        severity = shapes.value(node, SH.severity) or SH.Violation
        properties = [_property_shape(shapes, p) for p in shapes.objects(node, SH.property)]
        sparql = [_sparql_constraint(shapes, c, prefixes) for c in shapes.objects(node, SH.sparql)]
        targets = frozenset(t for t in shapes.objects(node, SH.targetClass) if isinstance(t, URIRef))
        compiled.append(
            _NodeShape(node, targets, [p for p in properties if p is not None], [c for c in sparql if c], severity)
        )
    for node in set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(SH.path, None)):
        if (None, SH.property, node) not in shapes:
            raise Unsupported(f"the property shape {node} is not the sh:property of a node shape")
    return CompiledShapes(compiled)


def _only(shapes: Graph, node: Node, allowed: set[URIRef]) -> None:
    for predicate in set(shapes.predicates(node, None)):
        if str(predicate).startswith(str(SH)) and predicate not in allowed:
            raise Unsupported(f"{node} uses {predicate}")


def _deactivated(shapes: Graph, node: Node) -> bool:
    flag = shapes.value(node, SH.deactivated)
    return isinstance(flag, Literal) and flag.value is True


def _message(shapes: Graph, node: Node) -> str | None:
    """The shape's message when it has exactly one, a plain string (pySHACL's results then carry just it)."""
    messages = list(shapes.objects(node, SH.message))
    if len(messages) == 1 and isinstance(messages[0], Literal) and messages[0].language is None:
        return str(messages[0])
    return None


def _property_shape(shapes: Graph, node: Node) -> _PropertyShape | None:
    _only(shapes, node, _PROPERTY_SHAPE_KEYS | _PARAMETERS)
    if _deactivated(shapes, node):
        return None
    path = shapes.value(node, SH.path)
    if isinstance(path, URIRef):
        predicates: tuple[URIRef, ...] = (path,)
    elif isinstance(path, BNode) and set(shapes.predicates(path, None)) == {SH.alternativePath}:
        members = list(Collection(shapes, shapes.value(path, SH.alternativePath) or RDF.nil))
        if not members or not all(isinstance(m, URIRef) for m in members):
            raise Unsupported(f"{node}: an sh:alternativePath of anything but predicates")
        predicates = tuple(m for m in members if isinstance(m, URIRef))
    else:
        raise Unsupported(f"{node}: a path other than a predicate or an alternative of predicates")
    shape = _PropertyShape(
        node, path, predicates, shapes.value(node, SH.severity) or SH.Violation, _message(shapes, node)
    )
    shape.constraints = list(_constraints(shapes, node))
    return shape


def _constraints(shapes: Graph, node: Node) -> Iterator[_Constraint]:
    """The constraint components of a property shape (or of a shape in an ``sh:or``), one per parameter value."""
    for parameter, component in (
        (SH.minCount, SH.MinCountConstraintComponent),
        (SH.maxCount, SH.MaxCountConstraintComponent),
        (SH.minLength, SH.MinLengthConstraintComponent),
        (SH.maxLength, SH.MaxLengthConstraintComponent),
    ):
        for value in shapes.objects(node, parameter):
            if not isinstance(value, Literal) or not isinstance(value.value, int):
                raise Unsupported(f"{node}: {parameter} {value} is not an integer")
            yield _Constraint(component, value.value)
    for parameter, component in (
        (SH.datatype, SH.DatatypeConstraintComponent),
        (SH["class"], SH.ClassConstraintComponent),
        (SH.nodeKind, SH.NodeKindConstraintComponent),
        (SH.lessThan, SH.LessThanConstraintComponent),
        (SH.lessThanOrEquals, SH.LessThanOrEqualsConstraintComponent),
    ):
        for value in shapes.objects(node, parameter):
            if not isinstance(value, URIRef) or (parameter == SH.nodeKind and value not in _NODE_KINDS):
                raise Unsupported(f"{node}: {parameter} {value}")
            yield _Constraint(component, value)
    for parameter, component in (
        (SH.minInclusive, SH.MinInclusiveConstraintComponent),
        (SH.maxInclusive, SH.MaxInclusiveConstraintComponent),
        (SH.minExclusive, SH.MinExclusiveConstraintComponent),
        (SH.maxExclusive, SH.MaxExclusiveConstraintComponent),
    ):
        for value in shapes.objects(node, parameter):
            if not isinstance(value, Literal):
                raise Unsupported(f"{node}: {parameter} {value} is not a literal")
            yield _Constraint(component, value)
    flags = [str(f) for f in shapes.objects(node, SH.flags)]
    for value in shapes.objects(node, SH.pattern):
        if len(flags) > 1 or not isinstance(value, Literal):
            raise Unsupported(f"{node}: sh:pattern {value}")
        yield _Constraint(SH.PatternConstraintComponent, _regex(str(value), flags[0] if flags else ""))
    for value in shapes.objects(node, SH["in"]):
        yield _Constraint(SH.InConstraintComponent, frozenset(Collection(shapes, value)))
    for value in shapes.objects(node, SH["or"]):
        members = []
        for member in Collection(shapes, value):
            _only(shapes, member, {SH.datatype, SH["class"], SH.nodeKind, SH["in"], SH.minLength, SH.maxLength})
            members.append(list(_constraints(shapes, member)))
        yield _Constraint(SH.OrConstraintComponent, members)


def _regex(pattern: str, flags: str) -> re.Pattern[str]:
    """A pattern with its SHACL flags, compiled as pySHACL compiles it."""
    known = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE, "q": 0}
    if set(flags) - known.keys():
        raise Unsupported(f"sh:flags {flags!r}")
    value = 0
    for flag in flags:
        value |= known[flag]
    return re.compile(re.escape(pattern) if "q" in flags else pattern, value)


def _sparql_constraint(shapes: Graph, node: Node, prefixes: str) -> _SparqlConstraint | None:
    if _deactivated(shapes, node):
        return None
    keys = set(shapes.predicates(node, None)) - {RDF.type, SH.select, SH.message, SH.prefixes, SH.deactivated}
    if keys:
        raise Unsupported(f"{node}: a SPARQL constraint with {', '.join(sorted(str(k) for k in keys))}")
    select = shapes.value(node, SH.select)
    text = str(select or "")
    if not text or re.search(r"[$?](shapesGraph|currentShape|PATH)\b", text):
        raise Unsupported(f"{node}: a SPARQL constraint pySHACL pre-binds more than $this in")
    # $this and ?this are one variable in SPARQL: unbound here, so that one run finds every focus node.
    return _SparqlConstraint(node, prefixes + text)


def _prefixes(shapes: Graph) -> str:
    """The PREFIX lines of every ``sh:declare`` in the shapes (what ``sh:prefixes`` points the queries to)."""
    declared = {}
    for declaration in shapes.objects(None, SH.declare):
        prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
        if prefix is not None and namespace is not None:
            declared[str(prefix)] = str(namespace)
    return "".join(f"PREFIX {p}: <{n}>\n" for p, n in sorted(declared.items()))


def _check_property(index: _Index, shape: _PropertyShape, focus: Node) -> Iterator[Result]:
    values = index.values(focus, shape.predicates)
    for constraint in shape.constraints:
        component = constraint.component
        if component is _MIN_COUNT:
            failing: list[Node | None] = [None] if len(values) < constraint.parameter else []
        elif component is _MAX_COUNT:
            failing = [None] if len(values) > constraint.parameter else []
        elif component in _PAIRS:
            others = index.values(focus, (constraint.parameter,))
            failing = [v for v in values for o in others if not _ordered(v, o, _PAIRS[component])]
        else:
            check = _VALUE_CHECKS[component]
            failing = [v for v in values if not check(index, constraint.parameter, v)]
        for value in failing:
            yield Result(focus, shape.path, value, shape.severity, shape.message, component, shape.node)


def _conforms_to_all(index: _Index, constraints: list[_Constraint], value: Node) -> bool:
    return all(_VALUE_CHECKS[c.component](index, c.parameter, value) for c in constraints)


#: Each value-level component: whether one value node meets it, given the index and the component's parameter.
_VALUE_CHECKS: dict[URIRef, Any] = {
    SH.DatatypeConstraintComponent: lambda index, datatype, v: _has_datatype(v, datatype),
    SH.ClassConstraintComponent: lambda index, cls, v: not isinstance(v, Literal) and index.is_instance(v, cls),
    SH.NodeKindConstraintComponent: lambda index, kind, v: isinstance(v, _NODE_KINDS[kind]),
    SH.InConstraintComponent: lambda index, members, v: v in members,
    SH.MinLengthConstraintComponent: lambda index, n, v: n == 0 or (not isinstance(v, BNode) and len(_string(v)) >= n),
    SH.MaxLengthConstraintComponent: lambda index, n, v: not isinstance(v, BNode) and len(_string(v)) <= n,
    SH.PatternConstraintComponent: lambda index, regex, v: not isinstance(v, BNode) and bool(regex.search(_string(v))),
    SH.OrConstraintComponent: lambda index, members, v: any(_conforms_to_all(index, m, v) for m in members),
    SH.MinInclusiveConstraintComponent: lambda index, bound, v: _ordered(bound, v, strict=False),
    SH.MinExclusiveConstraintComponent: lambda index, bound, v: _ordered(bound, v, strict=True),
    SH.MaxInclusiveConstraintComponent: lambda index, bound, v: _ordered(v, bound, strict=False),
    SH.MaxExclusiveConstraintComponent: lambda index, bound, v: _ordered(v, bound, strict=True),
}


def _has_datatype(value: Node, datatype: URIRef) -> bool:
    """Whether a value is a well-formed literal of a datatype (a plain literal is an xsd:string)."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        if getattr(value, "ill_typed", None) is True:
            return False
    elif datatype == RDFS.Literal or (datatype == RDFS.Datatype and value.datatype):
        return True
    elif not (
        (datatype == XSD.string and value.datatype is None and value.language is None)
        or (datatype == RDF.langString and value.language)
    ):
        return False
    expected = _VALUE_TYPES.get(datatype)
    return expected is None or isinstance(value.value, expected)


def _ordered(low: Node, high: Node, strict: bool) -> bool:
    """Whether two literals compare as ``low < high`` (``<=`` unless strict); anything incomparable does not.

    As pySHACL compares them (``pyshacl.rdfutil.compare_literal``, without importing pySHACL, which takes a tenth
    of a second): equal values are equal (``1`` and ``01``), date-times and times compare by their Python values,
    anything else by rdflib's literal order; strings only with strings.
    """
    if not isinstance(low, Literal) or not isinstance(high, Literal):
        return False
    if isinstance(low.value, str) != isinstance(high.value, str):
        return False
    try:
        if high.eq(low):
            order = 0
        elif high.value.__class__ in (datetime, time):
            order = 0 if high.value == low.value else 1 if high.value > low.value else -1
        else:
            order = 1 if high > low else -1
    except (TypeError, NotImplementedError):
        return False
    return order > 0 if strict else order >= 0


def _string(value: Node) -> str:
    """A value node as a string, as pySHACL's string constraints read it."""
    if isinstance(value, Literal) and value.value is not None and value.datatype in (None, RDF.langString, XSD.string):
        return str(value.value)
    return str(value)


_XSD_STRING = str(XSD.string)


def from_ox(term: Any) -> Node:
    """An Oxigraph term as the rdflib term it names."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # a plain literal, as rdflib reads one
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not a term: {term!r}")
