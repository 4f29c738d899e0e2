import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineSplitter, MAX_PARSED_LINE, MetricParser } from "../../src/local/output-lines.js";

// A step's output arrives in chunks cut anywhere; the runner keeps at most one partial line.

describe("LineSplitter", () => {
  it("gives the same lines and log text however the output is cut into chunks", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "é", "\n", "\r\n", " ", "loss=0.5"), { maxLength: 60 }), fc.array(fc.nat(20), { maxLength: 10 }), (parts, cuts) => {
        const text = parts.join("");
        const lines: string[] = [];
        const splitter = new LineSplitter((line) => lines.push(line));
        let logged = "";
        let at = 0;
        for (const cut of cuts) {
          logged += splitter.push(text.slice(at, at + cut));
          at += cut;
        }
        logged += splitter.push(text.slice(at));
        logged += splitter.end();
        const expected = text.split("\n").map((line) => line.replace(/\r$/, ""));
        if (expected.at(-1) === "") expected.pop();
        expect(lines).toEqual(expected);
        expect(logged).toBe(text === "" || text.endsWith("\n") ? text : `${text}\n`);
      }),
    );
  });

  it("passes on a line longer than the limit in pieces instead of holding it", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const logged = splitter.push("x".repeat(MAX_PARSED_LINE * 2 + 5));
    expect(lines.map((line) => line.length)).toEqual([MAX_PARSED_LINE, MAX_PARSED_LINE]);
    expect(logged.length).toBe(MAX_PARSED_LINE * 2);
    expect(splitter.end()).toBe("xxxxx\n");
  });
});

describe("MetricParser", () => {
  it("keeps the last numeric value of each metric; an empty or non-numeric group is not a value", () => {
    const parser = new MetricParser([
      { Name: "loss", Regex: "loss=([0-9.e-]*)" },
      { Name: "acc", Regex: "acc: (\\S+)" },
    ]);
    for (const line of ["loss=0.9", "acc: 0.5", "loss=0.25 acc: nan", "loss=", "acc: 0.75"]) parser.line(line);
    expect(parser.values).toEqual({ loss: 0.25, acc: 0.75 });
  });

  it("names the metric whose regex does not compile", () => {
    expect(() => new MetricParser([{ Name: "loss", Regex: "loss=(" }])).toThrow(/^metric "loss": the regex loss=\( is not valid/);
  });
});
