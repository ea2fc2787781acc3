import { describe, expect, it } from 'vitest';
import { pathsWithNul, withoutNul } from './nul-characters.ts';

describe('the NUL character', () => {
  it('is dropped from text, which is otherwise left as it is', () => {
    expect(withoutNul('Refunds\u0000 for\u0000 all')).toBe('Refunds for all');
    expect(withoutNul('Refunds\\u0000')).toBe('Refunds\\u0000');
  });

  it('is found by path in nested input, and nowhere else', () => {
    const input = { title: 'ok', spec: 'a\u0000', criteria: ['ok', 'b\u0000'], settings: { baseUrl: '\u0000', port: 3, on: true, none: null } };
    expect(pathsWithNul(input)).toEqual([['spec'], ['criteria', 1], ['settings', 'baseUrl']]);
    expect(pathsWithNul('\u0000')).toEqual([[]]);
    expect(pathsWithNul({ when: new Date(0), title: 'fine' })).toEqual([]);
  });
});
