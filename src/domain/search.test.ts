import { describe, expect, it } from 'vitest';
import { searchTerms } from './search.ts';

describe('searchTerms', () => {
  it('reads a ticket key in any case as that key', () => {
    expect(searchTerms(' pay-12 ')).toEqual({ kind: 'key', key: 'PAY-12' });
    expect(searchTerms('PAY-12')).toEqual({ kind: 'key', key: 'PAY-12' });
  });

  it('splits other text into distinct lower-case words, punctuation and query syntax dropped', () => {
    expect(searchTerms('Refund "partial" AND refund*')).toEqual({ kind: 'words', words: ['refund', 'partial', 'and'] });
    expect(searchTerms('PAY-12 refund')).toEqual({ kind: 'words', words: ['pay', '12', 'refund'] });
    expect(searchTerms('Überweisung – straße')).toEqual({ kind: 'words', words: ['überweisung', 'straße'] });
  });

  it('asks for nothing when there are no words', () => {
    expect(searchTerms('  ')).toEqual({ kind: 'nothing' });
    expect(searchTerms('"*" - :')).toEqual({ kind: 'nothing' });
  });

  it('keeps at most eight words of at most 64 characters', () => {
    const terms = searchTerms(`${'x'.repeat(100)} a b c d e f g h i`);
    expect(terms).toEqual({ kind: 'words', words: ['x'.repeat(64), 'a', 'b', 'c', 'd', 'e', 'f', 'g'] });
  });
});
