import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** Construct id from a topology id: `events-poller` → `EventsPoller`. */
export function pascal(id: string): string {
  return id.replace(/(^|[-_])([a-z])/g, (_m, _s, c: string) => c.toUpperCase()).replace(/^[a-z]/, (c) => c.toUpperCase());
}

/** The logical id cdk-nag prints inside `<...>` for a reference to this construct's resource. */
export function nagRef(c: Construct): string {
  return Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);
}
