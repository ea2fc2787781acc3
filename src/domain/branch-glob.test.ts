import { describe, expect, it } from 'vitest';
import { compileBranchGlob } from './branch-glob.ts';

const matches = (pattern: string, branch: string) => {
  const glob = compileBranchGlob(pattern);
  if (!glob.ok) throw new Error(glob.problem);
  return glob.test(branch);
};

describe('branch patterns', () => {
  it.each([
    ['main', 'main', true],
    ['main', 'main2', false],
    ['main', 'maint', false],
    ['release/*', 'release/1.2', true],
    ['release/*', 'release/1.2/hotfix', false],
    ['release/**', 'release/1.2/hotfix', true],
    ['**', 'anything/at/all', true],
    ['v?.x', 'v1.x', true],
    ['v?.x', 'v10.x', false],
    ['v?.x', 'v1-x', false],
    ['{main,master}', 'master', true],
    ['{main,master}', 'develop', false],
    ['release-[0-9]*', 'release-2024', true],
    ['release-[0-9]*', 'release-x', false],
    ['[!m]ain', 'main', false],
    ['[!m]ain', 'rain', true],
    ['hotfix+(x)', 'hotfix+(x)', true],
    ['stag*', 'staging', true],
  ])('%s against %s → %s', (pattern, branch, expected) => {
    expect(matches(pattern, branch)).toBe(expected);
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['release/[0-9', 'without its closing "]"'],
    ['rel]ease', 'without an opening "["'],
    ['{main,master', 'without its closing "}"'],
    ['main}', 'without an opening "{"'],
    ['{a,{b,c}}', 'cannot nest'],
    ['feature branch', 'space'],
    ['a:b', 'one of ~ ^ : \\'],
    ['***', '"***"'],
    ['[z-a]', 'backwards'],
  ])('refuses %j: it %s', (pattern, problem) => {
    const glob = compileBranchGlob(pattern);
    expect(glob.ok).toBe(false);
    if (!glob.ok) expect(glob.problem).toContain(problem);
  });
});
