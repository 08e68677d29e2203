// Every rule family file, imported statically so the bundle (vite), the worker, the CLI (tsx)
// and the tests all see the same rules with no file system access at run time (src/core never
// reads files). A new family is one JSON file plus one line here.
import containerd from './containerd.json';
import kernel from './kernel.json';
import kubelet from './kubelet.json';
import node from './node.json';
import runtime from './runtime.json';
import systemd from './systemd.json';

/** One family file as read: validated and compiled by loadRules (../rules.ts), not here. */
export interface RuleFile {
  family: string;
  rules: unknown[];
}

// `unknown[]`: the JSON's inferred type is not trusted; validateRule checks every object.
export const RULE_FILES: RuleFile[] = [
  { family: 'kernel', rules: kernel as unknown[] },
  { family: 'systemd', rules: systemd as unknown[] },
  { family: 'node', rules: node as unknown[] },
  { family: 'containerd', rules: containerd as unknown[] },
  { family: 'kubelet', rules: kubelet as unknown[] },
  { family: 'runtime', rules: runtime as unknown[] },
];
