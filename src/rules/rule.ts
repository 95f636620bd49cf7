/**
 * A cross-field rule over validated values and the release model. Each rule is a named function
 * in the file of the values section it concerns (src/rules/<section>.ts), registered with its id,
 * severity and the document its fact comes from. Single-field constraints belong in the zod
 * schema instead (src/values/schema/), with their reason in the message.
 */
import { Path } from '../errors';
import { ReleaseModel } from '../model';
import { Values } from '../values/schema';

export interface Finding {
  readonly path: Path;
  readonly message: string;
  readonly hint: string;
  readonly received?: unknown;
}

export interface Rule {
  /** Stable id, printed with the problem and usable in `acknowledgeWarnings` (warnings only). */
  readonly id: string;
  /** One line: what the rule requires, as its message says it (docs/rules.md prints it). */
  readonly summary: string;
  readonly severity: 'error' | 'warning';
  /** Where the fact behind the rule is written down. */
  readonly docs: string;
  check(values: Values, model: ReleaseModel): Finding[];
}

/** The project's copy of the scaling facts; anchors follow its headings. */
export const SCALING_FACTS = 'docs/open-webui-scaling.md';
export const CHECKLIST = `${SCALING_FACTS}#what-more-than-one-process-requires`;
export const RECOMMENDED = `${SCALING_FACTS}#what-more-than-one-process-requires (strongly recommended at scale)`;
export const K8S_DOCS = 'https://kubernetes.io/docs';
export const UPSTREAM_ENV = 'https://docs.openwebui.com/reference/env-configuration/';

export const finding = (path: Path, message: string, hint: string, received?: unknown): Finding => ({
  path,
  message,
  hint,
  received,
});

/** The findings of a rule that collects several, and the function that adds one to them. */
export const findings = (): [Finding[], (path: Path, message: string, hint: string, received?: unknown) => void] => {
  const out: Finding[] = [];
  return [out, (path, message, hint, received) => void out.push(finding(path, message, hint, received))];
};

/** One finding when `cond` holds, else none. */
export const findingIf = (cond: boolean, path: Path, message: string, hint: string, received?: unknown): Finding[] =>
  cond ? [finding(path, message, hint, received)] : [];

/** A registered rule: its id, one-line summary, severity, where its fact is written down, and the named function that checks it. */
export const rule = (
  id: string,
  summary: string,
  severity: Rule['severity'],
  docs: string,
  check: Rule['check'],
): Rule => ({
  id,
  summary,
  severity,
  docs,
  check,
});
