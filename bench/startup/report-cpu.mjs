// Preloaded into every cold process the bench starts (node --import): at exit, the process's CPU
// time since it started (user + system, all threads) on stderr, which a machine busy with other work
// disturbs far less than the wall clock.
process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\nsagepipe-bench-cpu-ms ${(user + system) / 1000}\n`);
});
