// Property tests draw new inputs each run unless told otherwise. In CI (CI=true) they use one
// fixed seed, so a run that lands is a run anyone can reproduce, and a fresh clone cannot fail on
// a case no commit introduced; locally each run explores new inputs. FC_SEED=<n> replays a seed
// (fast-check prints it with every counterexample); `npm run test:explore` runs the property
// files under many random seeds to look for new counterexamples before they reach CI.
import fc from 'fast-check';

const fromEnv = process.env.FC_SEED;
const CI_SEED = 20261127;

if (fromEnv !== undefined && fromEnv !== '') {
  const seed = Number(fromEnv);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer, got "${fromEnv}"`);
  fc.configureGlobal({ seed });
} else if (process.env.CI) {
  fc.configureGlobal({ seed: CI_SEED });
}
