import { afterEach, describe, expect, it, vi } from 'vitest';
import { actionOf, leadingAction, looksLikeJsonObject } from './webhook-input.ts';

const body = (text: string) => Buffer.from(text);

describe('reading a delivery before its acknowledgement', () => {
  afterEach(() => vi.restoreAllMocks());

  it('tells a JSON object from a form-encoded or plain body by its first and last bytes', () => {
    expect(looksLikeJsonObject(body('{"action":"opened"}'))).toBe(true);
    expect(looksLikeJsonObject(body(' \n{"a":1}\r\n'))).toBe(true);
    expect(looksLikeJsonObject(body('payload=%7B%7D'))).toBe(false);
    expect(looksLikeJsonObject(body('[1,2]'))).toBe(false);
    expect(looksLikeJsonObject(body('{'))).toBe(false);
    expect(looksLikeJsonObject(body(''))).toBe(false);
  });

  it('reads a leading action from the first bytes, without parsing the body', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const big = `{ "action" : "ready_for_review", "pull_request": ${JSON.stringify({ body: 'x'.repeat(100_000) })}}`;
    expect(leadingAction(body(big))).toBe('ready_for_review');
    expect(actionOf(body(big))).toBe('ready_for_review');
    expect(parse).not.toHaveBeenCalled();
  });

  it('parses only when the action is not the first member, and answers null when there is none', () => {
    expect(leadingAction(body('{"number":1,"action":"closed"}'))).toBeUndefined();
    expect(actionOf(body('{"number":1,"action":"closed"}'))).toBe('closed');
    expect(actionOf(body('{"number":1}'))).toBeNull();
    expect(actionOf(body('{"action":7}'))).toBeNull();
    // An escaped action is not read from the bytes; the parser undoes the escape.
    expect(actionOf(body('{"action":"op\\u0065ned"}'))).toBe('opened');
  });
});
