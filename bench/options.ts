// The size and seed every generated-data bench takes (`--mb N --seed S`); anything else stops the
// bench with its usage line, before minutes of generation start on a typo.
export interface BenchOptions {
  mb: number;
  seed: number;
}

/** `name` is the bench's file stem, as in `bench/<name>.ts`. */
export function benchOptions(name: string, argv: string[]): BenchOptions {
  const o = { mb: 20, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--mb') o.mb = Number(argv[++i]);
    else if (argv[i] === '--seed') o.seed = Number(argv[++i]);
    else {
      process.stderr.write(
        `bench/${name}: unknown argument ${argv[i]}\nusage: node --import tsx bench/${name}.ts [--mb N] [--seed S]\n`,
      );
      process.exit(2);
    }
  }
  if (!(o.mb > 0) || !Number.isInteger(o.seed)) {
    process.stderr.write(`bench/${name}: --mb must be > 0 and --seed an integer\n`);
    process.exit(2);
  }
  return o;
}
