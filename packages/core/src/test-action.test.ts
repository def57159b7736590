import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Action } from './schemas/action';
import type { HttpMethod } from './schemas/enums';
import { requiredParameters, type SelectableAction, selectTestAction } from './test-action';

const action = (
  id: string,
  method: HttpMethod,
  extra: Partial<SelectableAction> = {},
): SelectableAction => ({ id, method, path: `/${id}`, tags: [], parameters: [], ...extra });
const needsId = { parameters: [{ name: 'id', in: 'path' as const, required: true }] };

describe('selectTestAction', () => {
  const actions = [
    action('act_post', 'POST', { tags: ['health-check'] }),
    action('act_user', 'GET', needsId),
    action('act_list', 'GET'),
    action('act_ping', 'GET', { tags: ['health-check'] }),
    action('act_del', 'DELETE'),
  ];

  it('1. uses the connection override, even a non-GET the operator chose', () => {
    expect(
      selectTestAction(actions, {
        connectionTestActionId: 'act_del',
        integrationTestActionId: 'act_list',
      }),
    ).toEqual({ action: actions[4], rule: 'connection_override', skipped: false });
  });

  it('2. then the integration config', () => {
    expect(selectTestAction(actions, { integrationTestActionId: 'act_list' })).toMatchObject({
      action: { id: 'act_list' },
      rule: 'integration_config',
    });
  });

  it('falls through when an override names an unknown action', () => {
    expect(
      selectTestAction(actions, {
        connectionTestActionId: 'act_gone',
        integrationTestActionId: null,
      }),
    ).toMatchObject({ action: { id: 'act_ping' }, rule: 'health_check_tag' });
  });

  it('3. then a GET tagged health-check, never a tagged POST', () => {
    expect(selectTestAction(actions)).toMatchObject({
      action: { id: 'act_ping' },
      rule: 'health_check_tag',
      skipped: false,
    });
  });

  it('4. then the first GET without required parameters', () => {
    expect(selectTestAction(actions.filter((a) => a.id !== 'act_ping'))).toEqual({
      action: actions[2],
      rule: 'first_safe_get',
      skipped: false,
    });
  });

  it('treats optional parameters as callable and a path placeholder as needing input', () => {
    const optional = action('act_a', 'GET', {
      parameters: [{ name: 'page', in: 'query', required: false }],
    });
    const template = action('act_t', 'GET', { path: '/users/{id}' });
    expect(selectTestAction([template, optional]).action?.id).toBe('act_a');
  });

  it('5. then the first GET, reported as skipped because it needs parameters', () => {
    expect(selectTestAction([actions[0], actions[1]] as SelectableAction[])).toEqual({
      action: actions[1],
      rule: 'first_get_needs_params',
      skipped: true,
    });
  });

  it('6. otherwise no action: credential-only check', () => {
    expect(selectTestAction([action('act_p', 'POST'), action('act_h', 'HEAD')])).toEqual({
      action: null,
      rule: 'none',
      skipped: false,
    });
    expect(selectTestAction([])).toEqual({ action: null, rule: 'none', skipped: false });
  });

  it('marks an override that needs parameters as skipped', () => {
    expect(selectTestAction(actions, { connectionTestActionId: 'act_user' })).toMatchObject({
      rule: 'connection_override',
      skipped: true,
    });
  });

  it("returns the caller's own action type (checked by tsc)", () => {
    const full: Action[] = [];
    expectTypeOf(selectTestAction(full).action).toEqualTypeOf<Action | null>();
  });

  it('requiredParameters lists only required names', () => {
    expect(
      requiredParameters({
        parameters: [
          { name: 'id', in: 'path', required: true },
          { name: 'q', in: 'query', required: false },
        ],
      }),
    ).toEqual(['id']);
  });

  const arbAction: fc.Arbitrary<SelectableAction> = fc.record({
    id: fc.constantFrom('act_a', 'act_b', 'act_c', 'act_d', 'act_e'),
    method: fc.constantFrom<HttpMethod>('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'),
    path: fc.constantFrom('/a', '/b/{id}', '/c'),
    tags: fc.subarray(['health-check', 'users']),
    parameters: fc.array(
      fc.record({
        name: fc.constantFrom('id', 'q'),
        in: fc.constantFrom<'path' | 'query'>('path', 'query'),
        required: fc.boolean(),
      }),
      { maxLength: 2 },
    ),
  });
  const arbOverride = fc.option(fc.constantFrom('act_a', 'act_b', 'act_x'), { nil: undefined });

  it('property: never returns a non-GET unless an override named it', () => {
    fc.assert(
      fc.property(fc.array(arbAction, { maxLength: 8 }), arbOverride, arbOverride, (list, c, i) => {
        const { action: chosen, rule } = selectTestAction(list, {
          connectionTestActionId: c,
          integrationTestActionId: i,
        });
        if (chosen && chosen.method !== 'GET') {
          expect(['connection_override', 'integration_config']).toContain(rule);
          expect([c, i]).toContain(chosen.id);
        }
        expect(chosen === null).toBe(rule === 'none');
        if (chosen) expect(list).toContain(chosen);
      }),
    );
  });

  it('property: first_safe_get picks the first GET that needs no input', () => {
    fc.assert(
      fc.property(fc.array(arbAction, { maxLength: 8 }), (list) => {
        const result = selectTestAction(list);
        if (result.rule !== 'first_safe_get') return;
        const idx = (list as SelectableAction[]).indexOf(result.action as SelectableAction);
        expect(requiredParameters(list[idx] as SelectableAction)).toEqual([]);
        for (const earlier of list.slice(0, idx)) {
          if (earlier.method !== 'GET') continue;
          expect(requiredParameters(earlier).length > 0 || earlier.path.includes('{')).toBe(true);
        }
      }),
    );
  });
});
