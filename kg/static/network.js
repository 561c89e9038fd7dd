// The network picture of an entity's page: who speaks about whom (the data is the table beside it).
document.addEventListener("DOMContentLoaded", () => {
  const holder = document.getElementById("network-picture");
  const source = document.getElementById("network-data");
  if (!holder || !source || typeof cytoscape === "undefined") { return; }
  const data = JSON.parse(source.textContent);
  const elements = [
    ...data.nodes.map((n) => ({ data: { id: n.id, label: n.label, href: n.href, focus: n.focus } })),
    ...data.edges.map((e, i) => ({ data: { id: "e" + i, source: e.source, target: e.target, weight: Number(e.weight) } })),
  ];
  const picture = cytoscape({
    container: holder,
    elements: elements,
    layout: { name: "cose", animate: false, padding: 20 },
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 11, "background-color": "#36c", width: 14, height: 14 } },
      { selector: "node[focus = 'True']", style: { "background-color": "#c60", width: 22, height: 22 } },
      { selector: "edge", style: { width: "mapData(weight, 1, 10, 1, 6)", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "line-color": "#aaa", "target-arrow-color": "#aaa" } },
    ],
  });
  picture.on("tap", "node", (event) => { window.location.href = event.target.data("href"); });
});
