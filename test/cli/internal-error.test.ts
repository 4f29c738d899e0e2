import { afterEach, describe, expect, it, vi } from "vitest";
import { cli } from "./support.js";

// a bug inside sagepipe: an internal function throws an error that is not a SagepipeError
vi.mock("../../src/graph/render.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/graph/render.js")>()),
  renderGraph: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'Steps')");
  },
}));

const graph = ["graph", "test/golden/churn.json"];

describe("an internal error (a bug in sagepipe)", () => {
  afterEach(() => {
    delete process.env.SAGEPIPE_DEBUG;
  });

  it("exits 70 with one line that says it is a bug and where to report it, no stack", async () => {
    const result = await cli(graph);
    expect(result.code).toBe(70);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^sagepipe: internal error: TypeError: Cannot read properties of undefined \(reading 'Steps'\)\. This is a bug in sagepipe \d+\.\d+\.\d+: please report it at https:\/\/\S+ with the command you ran \(run it again with --debug or SAGEPIPE_DEBUG=1 for the stack\)\n$/,
    );
  });

  it("prints the stack with --debug or SAGEPIPE_DEBUG=1", async () => {
    const debug = await cli(["--debug", ...graph]);
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(/and the stack below\nTypeError: Cannot read properties of undefined \(reading 'Steps'\)\n\s+at /);
    expect((await cli([...graph, "--debug"])).stderr).toMatch(/\n\s+at /);
    process.env.SAGEPIPE_DEBUG = "1";
    expect((await cli(graph)).stderr).toMatch(/\n\s+at /);
  });
});
