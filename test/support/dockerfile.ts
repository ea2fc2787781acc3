// Reads a Dockerfile into its stages and instructions, so tests can replay what the image does
// without a container runtime. Only the forms Baton's Dockerfile uses: line continuations,
// comments, `FROM image AS name`, `KEY=value` ENV pairs, COPY with an optional --from, and the
// JSON (exec) form of CMD and HEALTHCHECK CMD. Anything else it is asked to read is an error.
export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string | null;
  from: string;
  instructions: Instruction[];
}

export interface Copy {
  from: string | null;
  sources: string[];
  destination: string;
}

export function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  const stages: Stage[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(trimmed)!;
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [from, as, name] = args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : null, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push({ keyword: upper, args: args.trim() });
    } else if (upper !== 'ARG') {
      throw new Error(`Dockerfile: ${upper} before the first FROM`);
    }
  }
  return stages;
}

export function stageNamed(stages: Stage[], name: string): Stage {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`Dockerfile has no stage named ${name}`);
  return stage;
}

/** The instructions of one kind in a stage, in order. */
export function all(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** The last instruction of a kind (Docker keeps only the last CMD, USER, ...). */
export function last(stage: Stage, keyword: string): string {
  const found = all(stage, keyword).at(-1);
  if (found === undefined) throw new Error(`the stage has no ${keyword}`);
  return found;
}

/** A command in exec form, `["node", "bin/baton.js", "serve"]`: shell form is refused, it would hide behind sh -c. */
export function execForm(args: string): string[] {
  if (!args.startsWith('[')) throw new Error(`not in exec (JSON) form: ${args}`);
  const parsed = JSON.parse(args) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw new Error(`not a list of strings: ${args}`);
  return parsed;
}

/** Every ENV of a stage as one map; `KEY=value` pairs without quotes. */
export function environment(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of all(stage, 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const at = pair.indexOf('=');
      if (at < 1 || /["']/.test(pair)) throw new Error(`ENV: write KEY=value pairs without quotes: ${pair}`);
      env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return env;
}

export function copies(stage: Stage): Copy[] {
  return all(stage, 'COPY').map((args) => {
    const words = args.split(/\s+/);
    const flags = words.filter((w) => w.startsWith('--'));
    const paths = words.filter((w) => !w.startsWith('--'));
    const unknown = flags.filter((f) => !f.startsWith('--from='));
    if (unknown.length > 0 || paths.length < 2) throw new Error(`COPY: only [--from=stage] source... destination: ${args}`);
    const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length) ?? null;
    return { from, sources: paths.slice(0, -1), destination: paths.at(-1)! };
  });
}

/** HEALTHCHECK [--option=value ...] CMD [...]: the options and the command. */
export function healthcheck(stage: Stage): { options: Record<string, string>; command: string[] } {
  const args = last(stage, 'HEALTHCHECK');
  const at = args.search(/\bCMD\s+\[/);
  if (at < 0) throw new Error(`HEALTHCHECK without an exec-form CMD: ${args}`);
  const options = Object.fromEntries(
    args
      .slice(0, at)
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((o) => o.replace(/^--/, '').split('=') as [string, string]),
  );
  return { options, command: execForm(args.slice(at + 3).trim()) };
}
