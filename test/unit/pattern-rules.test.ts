// Every pattern of openapi.yaml has its rule in plain words (x-pattern-rule), the messages use it
// instead of the regex, and the helpers the rules point to exist.
import { describe, expect, it } from 'vitest';
import { patternRules } from '../../generated/pattern-rules.js';
import { collectPatternRules, renderPatternRules } from '../../scripts/pattern-rules.mjs';
import * as sfcompute from '../../src/index.js';
import { ValidationError } from '../../src/index.js';
import { clientWith, rejectionOf } from './fake-fetch.js';
import { spec } from '../support/spec.js';

describe('collectPatternRules', () => {
  it('collects each pattern once, with its rule', () => {
    const rules = collectPatternRules({
      a: { type: 'string', pattern: '^x$', 'x-pattern-rule': 'an x' },
      b: { properties: { c: { pattern: '^x$', 'x-pattern-rule': 'an x' }, d: { pattern: '^y', 'x-pattern-rule': 'a y first' } } },
    });
    expect(rules).toEqual({ '^x$': 'an x', '^y': 'a y first' });
  });

  it.each([
    ['no rule', { s: { pattern: '^x$' } }, '#/s: the pattern ^x$ has no x-pattern-rule'],
    ['a blank rule', { s: { pattern: '^x$', 'x-pattern-rule': ' ' } }, '#/s: the pattern ^x$ has no x-pattern-rule'],
    [
      'two rules for one pattern',
      { s: { pattern: '^x$', 'x-pattern-rule': 'an x' }, t: [{ pattern: '^x$', 'x-pattern-rule': 'the letter x' }] },
      '#/t/0: the pattern ^x$ has two rules: "an x" and "the letter x"',
    ],
  ])('stops generation for %s', (_case, schema, message) => {
    expect(() => collectPatternRules(schema)).toThrow(message);
  });

  it('asks a rule of `format: byte` too, which is compiled into the base64 pattern', () => {
    expect(() => collectPatternRules({ s: { type: 'string', format: 'byte' } })).toThrow('#/s: the pattern ^(?:[A-Za-z0-9+/]{4})*');
    expect(Object.values(collectPatternRules({ s: { type: 'string', format: 'byte', 'x-pattern-rule': 'base64' } }))).toEqual(['base64']);
  });

  it('leaves out patterns inside a `not` (their message is written for the whole exclusion)', () => {
    expect(collectPatternRules({ s: { not: { anyOf: [{ pattern: '^n_' }] } } })).toEqual({});
  });

  it('the committed table is the one openapi.yaml gives', () => {
    expect(patternRules).toEqual(collectPatternRules(spec));
    expect(renderPatternRules(collectPatternRules(spec))).toContain('export const patternRules');
    expect(Object.keys(patternRules).length).toBeGreaterThanOrEqual(10);
  });

  it('every helper a rule points to is exported by the package', () => {
    // Every `name(argument)` a rule mentions is a helper of the package.
    const helpers = Object.values(patternRules).flatMap((rule) => [...rule.matchAll(/(\w+)\(\w+\)/g)].map((m) => m[1]!));
    expect(helpers).toEqual(expect.arrayContaining(['encodeCloudInit', 'centsToDollarString', 'toDollarString']));
    for (const helper of helpers) expect(typeof (sfcompute as Record<string, unknown>)[helper], helper).toBe('function');
  });
});

describe('messages in plain words', () => {
  it('a script that is not base64 is refused with the rule and the helper, not the regex', async () => {
    const { sfc, requests } = clientWith();
    const error = (await rejectionOf(
      sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1600, any_zone: true, cloud_init_user_data: '#!/bin/sh' }),
    )) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      {
        path: '/cloud_init_user_data',
        rule: 'base64 text (letters, digits, "+" and "/", padded with "=" to a multiple of 4 characters); for a script, encodeCloudInit(script) makes it',
        value: '#!/bin/sh',
      },
    ]);
    expect(error.message).not.toContain('[A-Za-z0-9+/]');
    expect(requests).toHaveLength(0);
  });

  it('the helper named in the rule produces a value the rule accepts', async () => {
    const { sfc, requests } = clientWith();
    await sfc.nodes.create({
      desired_count: 1,
      max_price_per_node_hour: 1600,
      any_zone: true,
      cloud_init_user_data: sfcompute.encodeCloudInit('#!/bin/sh'),
    });
    expect(requests).toHaveLength(1);
  });
});
