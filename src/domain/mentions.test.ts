import { describe, expect, it } from 'vitest';
import { mentionedHandles, resolveMentions } from './mentions.ts';

const ben = { id: 'ben', name: 'Ben Builder', email: 'ben.b@example.com' };
const bea = { id: 'bea', name: 'Bea Ben', email: 'bea@example.com' };
const ada = { id: 'ada', name: 'Ada Admin', email: 'ada@example.com' };
const benito = { id: 'benito', name: 'Ben Ito', email: 'benito@example.com' };

describe('mentions', () => {
  it('reads handles after @, without case or trailing punctuation', () => {
    expect(mentionedHandles('Thanks @Ben, and @ada. Ask @ben.b!')).toEqual(['ben', 'ada', 'ben.b']);
  });

  it('ignores email addresses and code', () => {
    expect(mentionedHandles('mail ada@example.com or `@ben` or\n```\n@ada\n```\nbut @bea')).toEqual(['bea']);
  });

  it('finds people by first name, whole name without spaces or email name', () => {
    expect(resolveMentions('@ben please', [ben, ada])).toEqual(['ben']);
    expect(resolveMentions('@BenBuilder and @ada', [ben, ada])).toEqual(['ben', 'ada']);
    expect(resolveMentions('@ben.b', [ben, ada])).toEqual(['ben']);
    expect(resolveMentions('@nobody', [ben, ada])).toEqual([]);
  });

  it('mentions nobody when a handle fits several people', () => {
    expect(resolveMentions('@ben', [ben, benito])).toEqual([]);
    expect(resolveMentions('@benbuilder @benito', [ben, benito])).toEqual(['ben', 'benito']);
    // "Ben" is Bea's last name, not a handle of hers.
    expect(resolveMentions('@ben', [ben, bea])).toEqual(['ben']);
  });
});
