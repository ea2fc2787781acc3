import { describe, expect, it } from 'vitest';
import { branchName, InvalidBranchName, refNameProblem, slugify } from './branch-name.ts';

describe('slugify', () => {
  it.each([
    ['Refund flow', 'refund-flow'],
    ['Über-fast café: naïve résumé!', 'uber-fast-cafe-naive-resume'],
    ['  --Leading and trailing--  ', 'leading-and-trailing'],
    ['a..b @{c} ~d ^e :f ?g *h [i \\j', 'a-b-c-d-e-f-g-h-i-j'],
    ['config.lock', 'config-lock'],
    ['日本語のタイトル', ''],
    ['Emoji 🚀 launch', 'emoji-launch'],
    ['tab\tand\nnewline', 'tab-and-newline'],
  ])('%j → %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('caps the slug at 50 characters, cutting at a word', () => {
    const slug = slugify('Make the checkout page remember the last used payment method for returning customers');
    expect(slug.length).toBeLessThanOrEqual(50);
    expect(slug).toBe('make-the-checkout-page-remember-the-last-used');
    expect(slugify('x'.repeat(80))).toBe('x'.repeat(50));
  });
});

describe('branchName', () => {
  it('is <prefix>/<KEY>-<slug>', () => {
    expect(branchName('feature', 'PAY-12', 'Refund flow')).toBe('feature/PAY-12-refund-flow');
    expect(branchName('bugfix', 'OPS-3', 'Fix: crash on "save"')).toBe('bugfix/OPS-3-fix-crash-on-save');
  });

  it('falls back to the key when the title has nothing ASCII', () => {
    expect(branchName('feature', 'PAY-7', '日本語')).toBe('feature/PAY-7');
  });

  it('refuses a prefix that would make an invalid ref', () => {
    expect(() => branchName('bad..prefix', 'PAY-1', 'x')).toThrow(InvalidBranchName);
    expect(() => branchName('x.lock', 'PAY-1', '')).toThrow(/ending with ".lock"/);
  });

  it('turns hostile titles into valid names', () => {
    const titles = ['a..b', 'ends with dot.', 'x.lock', '@{-1}', '---', 'Ünïcödé ~^:?*[\\ spaces', 'feature/nested//slashes/'];
    expect(titles.map((t) => branchName('feature', 'PAY-1', t))).toEqual([
      'feature/PAY-1-a-b',
      'feature/PAY-1-ends-with-dot',
      'feature/PAY-1-x-lock',
      'feature/PAY-1-1',
      'feature/PAY-1',
      'feature/PAY-1-unicode-spaces',
      'feature/PAY-1-feature-nested-slashes',
    ]);
    for (const t of titles) expect(refNameProblem(branchName('feature', 'PAY-1', t))).toBeNull();
  });
});

describe('refNameProblem (git check-ref-format rules)', () => {
  it.each([
    ['feature/PAY-1-ok', null],
    ['', 'is empty'],
    ['a..b', 'contains ".."'],
    ['a@{b', 'contains "@{"'],
    ['@', 'is "@"'],
    ['a b', 'contains a space or control character'],
    ['a\u0001b', 'contains a space or control character'],
    ['a~b', 'contains one of ~ ^ : ? * [ \\'],
    ['a^b', 'contains one of ~ ^ : ? * [ \\'],
    ['a:b', 'contains one of ~ ^ : ? * [ \\'],
    ['a?b', 'contains one of ~ ^ : ? * [ \\'],
    ['a*b', 'contains one of ~ ^ : ? * [ \\'],
    ['a[b', 'contains one of ~ ^ : ? * [ \\'],
    ['a\\b', 'contains one of ~ ^ : ? * [ \\'],
    ['a//b', 'contains "//"'],
    ['/a', 'starts or ends with "/"'],
    ['a/', 'starts or ends with "/"'],
    ['a.', 'ends with "."'],
    ['a/.b', 'has a component starting with "."'],
    ['a.lock', 'has a component ending with ".lock"'],
    ['a.lock/b', 'has a component ending with ".lock"'],
    ['-a', 'starts with "-"'],
    ['é', 'contains non-ASCII characters'],
    ['x'.repeat(201), 'is longer than 200 characters'],
  ])('%j → %s', (name, problem) => {
    expect(refNameProblem(name)).toBe(problem);
  });
});
