'use client';
import type { HealthCheck } from '@waygate/health-core';
import { type ComponentPropsWithoutRef, type ReactNode, useMemo } from 'react';
import { cn } from '../lib/cn';
import { formatLatency } from '../lib/format';
import { STATUS_LABEL } from '../lib/status';
import { formatDateTime } from '../lib/time';
import { bucketChecks, sortChecksAscending, type TimelineBlock } from './bucket-checks';
import { useRovingFocus } from './use-roving-focus';

export interface HealthStatusBarProps
  extends Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'onSelect'> {
  checks: readonly HealthCheck[];
  /** Above this many checks, consecutive checks share a block showing their worst status. */
  maxBlocks?: number;
  /** Called when a block is clicked or activated with Enter/Space. */
  onSelectBlock?: (block: TimelineBlock) => void;
  /** Key of the block shown as selected (`aria-pressed`). */
  selectedKey?: string | null;
  /** Replace a block's markup; spread `props` on a focusable element. */
  renderBlock?: (block: TimelineBlock, props: BlockRenderProps) => ReactNode;
  locale?: string;
}

export interface BlockRenderProps {
  key: string;
  ref: (el: HTMLElement | null) => void;
  tabIndex: number;
  onFocus: () => void;
  onClick: () => void;
  'aria-label': string;
  'aria-pressed': boolean;
  'data-state': string;
  /** Present when every check of the block was taken during a maintenance window. */
  'data-maintenance'?: '';
  'data-slot': string;
  className: string;
  title: string;
}

export function describeBlock(block: TimelineBlock, locale?: string): string {
  if (block.checks.length === 1) {
    const check = block.checks[0]!;
    return `${formatDateTime(check.createdAt, locale)}: ${STATUS_LABEL[check.status]}, ${formatLatency(check.latencyMs)}${check.checkType === 'manual' ? ', manual' : ''}${check.inMaintenance ? ', in maintenance' : ''}`;
  }
  const parts = (['unhealthy', 'degraded', 'healthy'] as const)
    .filter((status) => block.counts[status] > 0)
    .map((status) => `${block.counts[status]} ${STATUS_LABEL[status].toLowerCase()}`)
    .concat(block.inMaintenance > 0 ? [`${block.inMaintenance} in maintenance`] : []);
  return `${block.checks.length} checks from ${formatDateTime(new Date(block.from), locale)} to ${formatDateTime(new Date(block.to), locale)}: ${parts.join(', ')}`;
}

/** One block per check (or per bucket), oldest left; a keyboard-navigable toolbar. */
export function HealthStatusBar({
  checks,
  maxBlocks = 120,
  onSelectBlock,
  selectedKey,
  renderBlock,
  locale,
  className,
  onKeyDown,
  ...props
}: HealthStatusBarProps) {
  const blocks = useMemo(
    () => bucketChecks(sortChecksAscending(checks), maxBlocks),
    [checks, maxBlocks],
  );
  const roving = useRovingFocus(blocks.length);

  if (blocks.length === 0) return null;
  return (
    <div
      role="toolbar"
      aria-label={props['aria-label'] ?? 'Health check status bar'}
      aria-orientation="horizontal"
      data-waygate=""
      data-slot="health-status-bar"
      data-bucketed={blocks.length < checks.length || undefined}
      className={cn('wg-status-bar', className)}
      onKeyDown={(event) => {
        onKeyDown?.(event);
        if (!event.defaultPrevented) roving.onKeyDown(event);
      }}
      {...props}
    >
      {blocks.map((block, index) => {
        const label = describeBlock(block, locale);
        const blockProps: BlockRenderProps = {
          key: block.key,
          ...roving.itemProps(index),
          onClick: () => onSelectBlock?.(block),
          'aria-label': label,
          'aria-pressed': selectedKey === block.key,
          'data-state': block.status,
          ...(block.maintenance ? { 'data-maintenance': '' as const } : {}),
          'data-slot': 'status-bar-block',
          className: 'wg-status-block',
          title: label,
        };
        if (renderBlock) return renderBlock(block, blockProps);
        const { key, ...rest } = blockProps;
        return <button key={key} type="button" {...rest} />;
      })}
    </div>
  );
}
