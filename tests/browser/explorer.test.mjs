// Browser test of the playground and the explorer, in Debian's chromium driven by
// playwright-core (never a downloaded browser). tests/api/browser.rs starts collabgraph on the
// bundled seed and runs this script with:
//   COLLABGRAPH_URL        the service, e.g. http://127.0.0.1:40123
//   COLLABGRAPH_ARTIFACTS  where to save a screenshot per step (and the exports)
//   CHROMIUM               the browser (default /usr/bin/chromium)
// It fails on the first step that does not do what it should, and at the end on any console
// error, page error, failed request, 4xx/5xx response or request to another host.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = process.env.COLLABGRAPH_URL;
const artifacts = process.env.COLLABGRAPH_ARTIFACTS ?? "target/browser-artifacts";
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
if (!base) throw new Error("set COLLABGRAPH_URL to the running service");
// Only this run's screenshots.
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });

const TIMEOUT = 30_000;
const problems = [];
const started = Date.now();
const baseHost = new URL(base).host;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const userDataDir = mkdtempSync(join(tmpdir(), "collabgraph-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1400, height: 850 },
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    // WebGL (sigma.js) from SwiftShader, chromium's software renderer.
    "--enable-unsafe-swiftshader",
  ],
});
context.setDefaultTimeout(TIMEOUT);

function watch(page) {
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (["http:", "https:", "ws:", "wss:"].includes(url.protocol) && url.host !== baseHost) {
      problems.push(`request to another host: ${request.url()}`);
    }
  });
  page.on("requestfailed", (request) => {
    problems.push(`failed request ${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) {
      problems.push(`${response.status()} for ${response.request().method()} ${response.url()}`);
    }
  });
}

let stepNumber = 0;
async function step(page, name, work) {
  stepNumber++;
  const t0 = Date.now();
  const file = join(artifacts, `${String(stepNumber).padStart(2, "0")}-${name}.png`);
  try {
    await work();
  } catch (error) {
    await page.screenshot({ path: file.replace(".png", "-FAILED.png") }).catch(() => {});
    throw new Error(`step ${stepNumber} (${name}) failed: ${error.message}`);
  }
  await page.screenshot({ path: file });
  console.log(`ok ${stepNumber} ${name} (${Date.now() - t0} ms) -> ${file}`);
}

/** Waits until the explorer has loaded a view and has nothing in flight. */
async function explorerIdle(page) {
  await page.waitForFunction(
    () => document.body.dataset.loaded === "true" && document.body.dataset.busy === "false",
  );
}

/** The explorer's drawing: every node's id, type, label and layout position. */
function drawing(page) {
  return page.evaluate(() => {
    const { graph } = window.collabgraph;
    return {
      centre: window.collabgraph.centre(),
      nodes: graph.mapNodes((id, a) => ({ id, type: a.nodeType, label: a.label, x: a.x, y: a.y })),
      edges: graph.mapEdges((id, a, source, target) => ({ id, type: a.relation, source, target })),
    };
  });
}

const PARTNERS = ["Institution:cup", "Institution:xieg", "Institution:szu"];
const SOURCE_TITLE = "KazNU establishes a partnership with leading universities of China";

try {
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);

  // --- The playground: loads from our own assets, runs the example query, shows the data.
  await step(page, "playground-runs-the-example", async () => {
    await page.goto(`${base}/`);
    await page.locator(".graphiql-container").waitFor();
    await page.locator(".graphiql-query-editor").getByText('institution(name: "KazNU")').waitFor();
    const [answer] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith("/graphql") && (r.request().postData() ?? "").includes("collaborators"),
      ),
      page.locator("button.graphiql-execute-button").click(),
    ]);
    const body = await answer.json();
    const partners = body.data.institution.collaborators.nodes.map((c) => c.partner.name).sort();
    check(
      JSON.stringify(partners) ===
        JSON.stringify(["China University of Petroleum", "Shenzhen University", "Xinjiang Institute of Ecology and Geography"]),
      `the example finds KazNU's three partners: ${partners}`,
    );
    // The result pane (CodeMirror draws only the lines in view) shows the data.
    const result = page.locator(".result-window");
    await result.getByText("Al-Farabi Kazakh National University").first().waitFor();
    await result.getByText('"collaborators"').first().waitFor();
  });

  // --- The explorer draws the seed with KazNU in the middle and its three partners around it.
  await step(page, "explorer-draws-the-seed", async () => {
    await page.goto(`${base}/explore`);
    await explorerIdle(page);
    const { centre, nodes } = await drawing(page);
    check(centre === "Institution:kaznu", `KazNU is the centre, not ${centre}`);
    check(nodes.length === 30, `the whole seed is drawn (30 nodes), not ${nodes.length}`);
    const at = Object.fromEntries(nodes.map((n) => [n.id, n]));
    check(at[centre].x === 0 && at[centre].y === 0, "KazNU is at the origin of the layout");
    const distances = PARTNERS.map((id) => {
      check(at[id], `${id} is drawn`);
      return Math.hypot(at[id].x, at[id].y);
    });
    check(distances.every((d) => d > 0), "the partners are not on top of KazNU");
    check(
      distances.every((d) => Math.abs(d - distances[0]) < 1e-9),
      `the partners share one ring around KazNU: ${distances}`,
    );
    // And it is really drawn: the WebGL pixel under KazNU has the institution colour, and
    // KazNU sits in the middle of the drawing.
    const probe = await page.evaluate(() => {
      const { renderer } = window.collabgraph;
      const { x, y } = window.collabgraph.viewportPosition("Institution:kaznu");
      const container = renderer.getContainer();
      renderer.refresh();
      const layer = renderer.getCanvases().nodes;
      const scale = layer.width / container.clientWidth;
      const copy = document.createElement("canvas");
      copy.width = layer.width;
      copy.height = layer.height;
      const context = copy.getContext("2d");
      context.drawImage(layer, 0, 0);
      const [r, g, b, a] = context.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data;
      return { x, y, width: container.clientWidth, height: container.clientHeight, rgba: [r, g, b, a] };
    });
    check(
      Math.abs(probe.x - probe.width / 2) < 5 && Math.abs(probe.y - probe.height / 2) < 5,
      `KazNU is drawn in the middle: ${JSON.stringify(probe)}`,
    );
    const [r, g, b, a] = probe.rgba;
    check(
      a > 200 && Math.abs(r - 0x1f) < 40 && Math.abs(g - 0x6f) < 40 && Math.abs(b - 0xb4) < 40,
      `the pixel under KazNU has the institution colour: ${probe.rgba}`,
    );
  });

  // --- Search finds a node by an alias (XIEG's longer name, recorded as an alias in the seed).
  await step(page, "search-finds-a-node-by-an-alias", async () => {
    await page.getByLabel("Search names, acronyms, aliases").fill("Geography of the Chinese Academy of Sciences");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const hit = page.locator("#search-results button", { hasText: "Xinjiang Institute of Ecology and Geography" });
    await hit.first().waitFor();
    const text = await hit.first().innerText();
    check(text.includes("alias"), `the hit says it matched an alias: ${text}`);
    await hit.first().click();
    await page.locator("#details h2", { hasText: "Xinjiang Institute of Ecology and Geography" }).waitFor();
    const selected = await page.evaluate(() => window.collabgraph.state.selected);
    check(selected === "Institution:xieg", `the hit selects XIEG, not ${selected}`);
  });

  // --- Clicking a node (a real mouse click on the canvas) shows its details and sources.
  await step(page, "click-shows-the-sources", async () => {
    // Back to the whole drawing, with nothing selected.
    await page.getByRole("button", { name: "Reset view" }).click();
    await explorerIdle(page);
    await page.waitForTimeout(400);
    const box = await page.locator("#graph").boundingBox();
    const { x, y } = await page.evaluate(() => window.collabgraph.viewportPosition("Institution:kaznu"));
    await page.mouse.click(box.x + x, box.y + y);
    await page.locator("#details h2", { hasText: "Al-Farabi Kazakh National University" }).waitFor();
    await page.locator("#sources li.source", { hasText: SOURCE_TITLE }).waitFor();
    // Where the release states it, in its words; and the fields known otherwise, with why.
    const citation = page.locator("#sources li.source li.citation", { hasText: "Head of KazNU" });
    await citation.waitFor();
    const where = await citation.locator(".locator").innerText();
    check(where === "¶5", `the citation gives its paragraph, not ${where}`);
    const country = page.locator("#sources li.fact", { hasText: "country" });
    await country.waitFor();
    const text = await country.innerText();
    check(text.includes("KZ") && text.includes("inferred"), `KazNU's country is shown as inferred: ${text}`);
  });

  // --- The path tool finds and highlights a path between two partners (through KazNU).
  await step(page, "path-is-highlighted", async () => {
    await page.getByLabel("From", { exact: true }).fill("China University of Petroleum");
    await page.getByLabel("To", { exact: true }).fill("Shenzhen University");
    await page.getByRole("button", { name: "Find path" }).click();
    await page.locator("#path-result", { hasText: "→" }).waitFor();
    const seen = await page.evaluate(() => {
      const { state, nodeColour, edgeColour, highlight } = window.collabgraph;
      return {
        nodes: [...state.path.nodes],
        edges: [...state.path.edges].map((e) => edgeColour(e) === highlight),
        dimmed: nodeColour("Topic:medicine"),
        onPath: nodeColour("Institution:cup"),
      };
    });
    // CUP and SZU are joined only through KazNU's side of the graph: two memoranda and
    // KazNU itself or the rector's trip that produced both, four relations either way.
    check(seen.nodes[0] === "Institution:cup" && seen.nodes.at(-1) === "Institution:szu", `the path runs CUP to SZU: ${seen.nodes}`);
    check(seen.nodes.length === 5, `four steps: ${seen.nodes}`);
    check(seen.nodes[1] === "Agreement:mou-kaznu-cup-2023", `through the CUP memorandum: ${seen.nodes}`);
    check(seen.edges.length === seen.nodes.length - 1, `every step of the path is drawn: ${seen.edges.length}`);
    check(seen.edges.every(Boolean), "every edge of the path is highlighted");
    check(seen.dimmed !== seen.onPath, "nodes off the path are dimmed");
  });

  // --- ForceAtlas2 moves the nodes but holds KazNU in the middle; "Rings" brings the rings back.
  await step(page, "relax-layout", async () => {
    const before = await drawing(page);
    await page.getByRole("button", { name: "Relax layout" }).click();
    const relaxed = await drawing(page);
    const at = Object.fromEntries(relaxed.nodes.map((n) => [n.id, n]));
    check(at["Institution:kaznu"].x === 0 && at["Institution:kaznu"].y === 0, "KazNU stays at the origin");
    const moved = before.nodes.filter((n) => at[n.id].x !== n.x || at[n.id].y !== n.y);
    check(moved.length > before.nodes.length / 2, `ForceAtlas2 moved the nodes: ${moved.length}`);
    check(relaxed.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y)), "every position is a number");
    await page.getByRole("button", { name: "Rings" }).click();
    const rings = await drawing(page);
    check(JSON.stringify(rings.nodes) === JSON.stringify(before.nodes), "the rings come back as they were");
  });

  // --- The institution projection: KazNU in the middle, collaborations to its three partners.
  await step(page, "institution-projection", async () => {
    await page.getByRole("button", { name: "Clear", exact: true }).click();
    await page.getByLabel("Institutions only").check();
    await page.waitForFunction(() => window.collabgraph.state.projection === "INSTITUTIONS");
    await explorerIdle(page);
    const { centre, nodes, edges } = await drawing(page);
    check(centre === "Institution:kaznu", `KazNU is the centre of the projection, not ${centre}`);
    check(nodes.every((n) => n.type === "Institution"), "only institutions are drawn");
    const partners = edges
      .filter((e) => e.type === "COLLABORATES_WITH")
      .map((e) => (e.source === centre ? e.target : e.source))
      .sort();
    check(JSON.stringify(partners) === JSON.stringify([...PARTNERS].sort()), `KazNU collaborates with ${partners}`);
  });

  // --- Filters: one country, then the year slider back before the year any agreement's date
  // names (the bundled ones were signed on or before 2023-05-19, so they may be older).
  await step(page, "filters-country-and-year", async () => {
    await page.getByLabel("Country", { exact: true }).selectOption("CN");
    await explorerIdle(page);
    let { nodes } = await drawing(page);
    check(nodes.length === 4, `four Chinese institutions, not ${nodes.map((n) => n.label)}`);
    check(!nodes.some((n) => n.id === "Institution:kaznu"), "KazNU is filtered out");
    await page.getByLabel("Country", { exact: true }).selectOption("");
    await explorerIdle(page);
    await page.getByLabel("Topic", { exact: true }).selectOption("medicine");
    await explorerIdle(page);
    const medicine = await drawing(page);
    check(
      JSON.stringify(medicine.nodes.map((n) => n.id).sort()) === JSON.stringify(["Institution:kaznu", "Institution:szu"]),
      `only the medicine memorandum's parties: ${medicine.nodes.map((n) => n.id)}`,
    );
    await page.getByLabel("Topic", { exact: true }).selectOption("");
    await explorerIdle(page);
    const slider = page.getByLabel(/As of year/);
    const min = await slider.getAttribute("min");
    await slider.fill(min);
    await page.waitForFunction((year) => window.collabgraph.state.year === Number(year), min);
    await explorerIdle(page);
    const before = await drawing(page);
    check(before.edges.length === 3, `collaborations that may be older still drawn: ${before.edges.length}`);
    ({ nodes } = before);
    check(nodes.length === 5, `all five institutions still drawn: ${nodes.length}`);
    const max = await slider.getAttribute("max");
    await slider.fill(max);
    await page.waitForFunction(() => window.collabgraph.state.year === null);
    await explorerIdle(page);
    const after = await drawing(page);
    check(after.edges.length === 3, `three collaborations again: ${after.edges.length}`);
  });

  // --- Exports: the PNG and graphology JSON of this view, and the server's GEXF link.
  await step(page, "exports", async () => {
    const [png] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "PNG image" }).click(),
    ]);
    const pngPath = join(artifacts, "export-view.png");
    await png.saveAs(pngPath);
    const pngBytes = readFileSync(pngPath);
    check(pngBytes.subarray(1, 4).toString() === "PNG" && pngBytes.length > 5_000, `a real PNG (${pngBytes.length} bytes)`);
    const [json] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "graphology JSON" }).click(),
    ]);
    const jsonPath = join(artifacts, "export-view.graphology.json");
    await json.saveAs(jsonPath);
    const exported = JSON.parse(readFileSync(jsonPath, "utf8"));
    check(exported.nodes.length === 5 && exported.edges.length === 3, "the JSON holds the drawn view");
    check(exported.nodes.every((n) => Number.isFinite(n.attributes.x)), "with positions");
    const href = await page.locator("#export-gexf").getAttribute("href");
    check(href.includes("projection=institutions"), `the GEXF link follows the view: ${href}`);
    const gexf = await page.request.get(`${base}${href}`);
    check(gexf.status() === 200 && (await gexf.text()).includes("<gexf"), `the GEXF link works: ${gexf.status()}`);
  });

  // --- Colour by country and filter by what registries say: the legend lists the countries
  // drawn, KazNU and Shenzhen University differ in colour, a city filter hides the others and
  // a status no institution has hides them all.
  await step(page, "colour-and-filter-by-registry-fields", async () => {
    await page.getByLabel("Full graph").check();
    await explorerIdle(page);
    await page.getByLabel("Colour nodes by").selectOption("country");
    const legend = await page.locator("#legend li").allInnerTexts();
    check(legend.includes("CN") && legend.includes("KZ"), `the legend lists CN and KZ: ${legend}`);
    const colours = await page.evaluate(() => ({
      kaznu: window.collabgraph.nodeColour("Institution:kaznu"),
      szu: window.collabgraph.nodeColour("Institution:szu"),
      cup: window.collabgraph.nodeColour("Institution:cup"),
    }));
    check(colours.kaznu !== colours.szu, `KZ and CN differ: ${JSON.stringify(colours)}`);
    check(colours.szu === colours.cup, `two Chinese universities share a colour: ${JSON.stringify(colours)}`);
    await page.getByLabel("Registry status").selectOption("withdrawn");
    const hidden = await page.evaluate(() => {
      const { renderer, graph } = window.collabgraph;
      return graph.filterNodes((_, a) => a.nodeType === "Institution").map((id) => renderer.getNodeDisplayData(id)?.hidden);
    });
    check(hidden.length === 5 && hidden.every(Boolean), `every institution is active, so all are hidden: ${hidden}`);
    await page.locator("#status", { hasText: "hidden by the registry filters" }).waitFor();
    await page.getByLabel("Registry status").selectOption("");
    await page.getByLabel("Colour nodes by").selectOption("type");
  });

  // --- A bounded view: at most five nodes, around the most central institution; then one
  // node's neighbourhood is expanded into the drawing.
  await step(page, "bounded-view-and-expand", async () => {
    await page.getByLabel("Full graph").check();
    await explorerIdle(page);
    await page.getByLabel("Most nodes to draw").fill("5");
    await page.getByLabel("Most nodes to draw").press("Enter");
    await page.waitForFunction(() => window.collabgraph.state.limit === 5);
    await explorerIdle(page);
    await page.locator("#status", { hasText: "cut at 5 nodes" }).waitFor();
    const bounded = await drawing(page);
    check(bounded.nodes.length <= 5, `at most five nodes: ${bounded.nodes.length}`);
    check(bounded.centre === "Institution:kaznu", `around KazNU: ${bounded.centre}`);
    const box = await page.locator("#graph").boundingBox();
    const { x, y } = await page.evaluate(() => window.collabgraph.viewportPosition("Institution:kaznu"));
    await page.mouse.click(box.x + x, box.y + y);
    await page.getByRole("button", { name: "Expand neighbourhood" }).click();
    await page.locator("#status", { hasText: "added" }).waitFor();
    await explorerIdle(page);
    const expanded = await drawing(page);
    const neighbours = expanded.edges.filter(
      (e) => e.source === "Institution:kaznu" || e.target === "Institution:kaznu",
    );
    check(expanded.nodes.length > bounded.nodes.length, `the expansion added nodes: ${expanded.nodes.length}`);
    check(neighbours.length >= 7, `all of KazNU's relations are drawn: ${neighbours.length}`);
  });
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`${problems.length} problem(s) in the browser:\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(`all browser steps passed in ${Date.now() - started} ms`);
