import { HEALTH_CHECK_TAG } from './schemas/action';
import type { HttpMethod, TestActionRule } from './schemas/enums';

/** The fields of an action that test-action selection looks at. */
export type SelectableAction = {
  id: string;
  method: HttpMethod;
  path: string;
  tags: readonly string[];
  parameters: readonly { name: string; in: 'path' | 'query'; required: boolean }[];
};

export interface TestActionOverrides {
  /** `connections.health_check_test_action_id`. */
  connectionTestActionId?: string | null;
  /** `integrations.health_check_config.testActionId`. */
  integrationTestActionId?: string | null;
}

export interface TestActionSelection<A> {
  action: A | null;
  rule: TestActionRule;
  /** True when the chosen action cannot be called (required parameters we cannot fill). */
  skipped: boolean;
}

/** Names of the parameters a caller must supply before the action can be called. */
export function requiredParameters(action: Pick<SelectableAction, 'parameters'>): string[] {
  return action.parameters.filter((p) => p.required).map((p) => p.name);
}

/** A path template such as `/users/{id}` or `/users/:id` cannot be called without values. */
function hasPathPlaceholder(path: string): boolean {
  return /\{[^}]+\}|\/:[^/]+/.test(path);
}

function needsInput(action: SelectableAction): boolean {
  return requiredParameters(action).length > 0 || hasPathPlaceholder(action.path);
}

/**
 * Picks the action a health check calls, following the spec's priority. Explicit overrides are
 * trusted with any method (the operator chose it); implicit rules only ever pick GET, because a
 * health check must never create, change or delete anything on the user's behalf.
 */
export function selectTestAction<A extends SelectableAction>(
  actions: readonly A[],
  overrides: TestActionOverrides = {},
): TestActionSelection<A> {
  const byId = (id: string | null | undefined) =>
    id ? actions.find((a) => a.id === id) : undefined;

  const fromConnection = byId(overrides.connectionTestActionId);
  if (fromConnection) {
    return {
      action: fromConnection,
      rule: 'connection_override',
      skipped: needsInput(fromConnection),
    };
  }
  const fromIntegration = byId(overrides.integrationTestActionId);
  if (fromIntegration) {
    return {
      action: fromIntegration,
      rule: 'integration_config',
      skipped: needsInput(fromIntegration),
    };
  }

  const gets = actions.filter((a) => a.method === 'GET');
  const tagged = gets.find((a) => a.tags.includes(HEALTH_CHECK_TAG));
  if (tagged) return { action: tagged, rule: 'health_check_tag', skipped: needsInput(tagged) };

  const safe = gets.find((a) => !needsInput(a));
  if (safe) return { action: safe, rule: 'first_safe_get', skipped: false };

  const first = gets[0];
  if (first) return { action: first, rule: 'first_get_needs_params', skipped: true };

  return { action: null, rule: 'none', skipped: false };
}
