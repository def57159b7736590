import { detectFlapping, type FlappingResult, type PatternCheck } from '@waygate/health-core';
import type { ComponentPropsWithoutRef } from 'react';
import { cn } from '../lib/cn';

/** "Changed state 7 times in the last 12 checks": why a history counts as flapping. */
export function describeFlapping(result: Pick<FlappingResult, 'checks' | 'stateChanges'>): string {
  const times = result.stateChanges === 1 ? 'once' : `${result.stateChanges} times`;
  return `Changed state ${times} in the last ${result.checks} checks`;
}

export interface FlappingLabelProps
  extends Omit<ComponentPropsWithoutRef<'span'>, 'children' | 'title'> {
  /** The connection's recent checks, any order (the newest 12 are judged). */
  checks?: readonly PatternCheck[];
  /** Or a result of core's `detectFlapping` computed already. */
  result?: FlappingResult;
}

/**
 * "Flapping", when core's flapping rule (`detectFlapping`: at least half of the last 12 checks
 * changed status) says so; nothing otherwise. The word is the label (never colour alone); the
 * count of changes is its title for pointer users and part of its text for screen readers.
 */
export function FlappingLabel({ checks, result, className, ...props }: FlappingLabelProps) {
  const flapping = result ?? detectFlapping(checks ?? []);
  if (!flapping.flapping) return null;
  const why = describeFlapping(flapping);
  return (
    <span
      data-slot="flapping-label"
      className={cn('wg-flapping', className)}
      title={why}
      {...props}
    >
      <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" className="wg-status-icon">
        {/* a zigzag: up, down, up, down */}
        <path
          d="M1 10.5 4 5l4 6 4-6 3 5.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      Flapping
      <span className="wg-sr-only">: {why.charAt(0).toLowerCase() + why.slice(1)}</span>
    </span>
  );
}
