import { spawnSync } from "node:child_process";

/** A Python that can run the churn-python example, and why there is none. */
export interface PythonWithPackages {
  /** The interpreter: `SAGEPIPE_PYTHON`, else `python3` on PATH, else the system's `/usr/bin/python3`, whichever has the packages. */
  readonly python?: string;
  /** What was tried and what each lacked, when none has them. */
  readonly missing?: string;
}

/**
 * Finds a Python that imports `modules` (the churn-python example needs pandas and scikit-learn).
 * CI installs them with the machine's package manager (Debian's python3-pandas and python3-sklearn,
 * for /usr/bin/python3); elsewhere the tests that need them are skipped, saying which interpreters
 * lack what.
 */
export function pythonWith(modules: readonly string[]): PythonWithPackages {
  const candidates = [...new Set([process.env.SAGEPIPE_PYTHON, "python3", "/usr/bin/python3"].filter((c): c is string => c !== undefined && c !== ""))];
  const problems: string[] = [];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["-c", `import ${modules.join(", ")}`], { encoding: "utf8" });
    if (probe.status === 0) return { python: candidate };
    const why = probe.error !== undefined ? "not found" : (probe.stderr.trim().split("\n").pop() ?? `exit ${String(probe.status)}`);
    problems.push(`${candidate}: ${why}`);
  }
  return { missing: `no Python with ${modules.join(" and ")} (${problems.join("; ")}); on Debian: apt-get install python3-pandas python3-sklearn, or set SAGEPIPE_PYTHON` };
}
