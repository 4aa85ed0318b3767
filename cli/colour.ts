// Colour on a terminal, plain text anywhere else: only when stdout is a TTY, NO_COLOR is unset (https://no-color.org)
// and TERM is not "dumb"; FORCE_COLOR turns it on regardless (for recorded sessions).

const CODES = { red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], dim: [2, 22], bold: [1, 22] } as const;
export type Style = keyof typeof CODES;

export function colourEnabled(env: NodeJS.ProcessEnv = process.env, stream: { isTTY?: boolean } = process.stdout): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export type Paint = (style: Style | undefined, text: string) => string;

export function painter(enabled: boolean = colourEnabled()): Paint {
  return (style, text) => (enabled && style && text ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
}

/** How a run's state reads at a glance: green when done, red when it failed, yellow when a person must act. */
export function stateStyle(state: string): Style | undefined {
  if (state === 'done' || state === 'expanded') return 'green';
  if (['rejected', 'failed', 'mismatch', 'stalled', 'unrouted', 'missing'].includes(state)) return 'red';
  if (state === 'needs-review') return 'yellow';
  return 'cyan';
}

/** The terminal's width, or undefined when output is not a terminal (then nothing is cut). */
export const terminalWidth = (stream: { isTTY?: boolean; columns?: number } = process.stdout): number | undefined =>
  stream.isTTY && stream.columns ? stream.columns : undefined;
