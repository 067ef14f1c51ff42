"""No import cycle anywhere in newsdesk, between apps or inside one, imports inside functions included.

The layers contracts (pyproject.toml, [tool.importlinter]) hold the direction between apps; a cycle inside an
app, or one that runs through a web edge they exempt, is caught here. grimp is the graph import-linter
builds: it reads every import statement, at module level or in a function body.
"""

from __future__ import annotations

import grimp


def strongly_connected_components(graph: grimp.ImportGraph) -> list[list[str]]:
    """Tarjan's algorithm, iterative: the sets of modules each of which reaches every other by imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, imported = work[-1]
            for target in imported:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.find_modules_directly_imported_by(target)))))
                    break
                if target in on_stack:
                    low[module] = min(low[module], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[module])
                if low[module] == index[module]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == module:
                            break
                    components.append(sorted(component))
    return components


def describe(graph: grimp.ImportGraph, component: list[str]) -> str:
    """One cycle through the component's first module, each import with its line."""
    first = component[0]
    path = [first]
    for imported in sorted(graph.find_modules_directly_imported_by(first)):
        chain = graph.find_shortest_chain(importer=imported, imported=first)
        if imported in component and chain:
            path = [first, *chain]
            break
    lines = []
    for importer, imported in zip(path, path[1:]):
        details = graph.get_import_details(importer=importer, imported=imported)
        where = ", ".join(f"l.{d['line_number']}" for d in details)
        lines.append(f"  {importer} -> {imported} ({where})")
    return f"{len(component)} modules: {', '.join(component)}\n" + "\n".join(lines)


def test_no_module_takes_part_in_an_import_cycle():
    graph = grimp.build_graph("newsdesk", include_external_packages=False, cache_dir=None)
    cycles = [c for c in strongly_connected_components(graph) if len(c) > 1]
    assert not cycles, "import cycles:\n" + "\n".join(describe(graph, c) for c in cycles)


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import():
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.low", "pkg.mid", "pkg.high", "pkg.alone"):
        graph.add_module(module)
    graph.add_import(importer="pkg.high", imported="pkg.mid", line_number=1, line_contents="import pkg.mid")
    graph.add_import(importer="pkg.mid", imported="pkg.low", line_number=2, line_contents="import pkg.low")
    graph.add_import(importer="pkg.low", imported="pkg.high", line_number=9, line_contents="    import pkg.high")
    graph.add_import(importer="pkg.alone", imported="pkg.low", line_number=1, line_contents="import pkg.low")
    cycles = [c for c in strongly_connected_components(graph) if len(c) > 1]
    assert cycles == [["pkg.high", "pkg.low", "pkg.mid"]]
    assert "pkg.low -> pkg.high (l.9)" in describe(graph, cycles[0])
