import type { SVGProps } from 'react';
import { cn } from '../lib/cn';
import type { DisplayStatus } from '../lib/status';

const PATHS: Record<DisplayStatus, string> = {
  // check mark in a circle
  healthy:
    'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm3.3 5.2-3.8 4.3a.8.8 0 0 1-1.1.1L4.6 9a.8.8 0 1 1 1-1.2l1.2 1 3.3-3.7a.8.8 0 0 1 1.2 1.1Z',
  // exclamation in a triangle
  degraded:
    'M8.9 1.6a1 1 0 0 0-1.8 0L.6 13.4a1 1 0 0 0 .9 1.5h13a1 1 0 0 0 .9-1.5L8.9 1.6ZM8 5a.8.8 0 0 1 .8.8v3.4a.8.8 0 0 1-1.6 0V5.8A.8.8 0 0 1 8 5Zm0 6a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z',
  // cross in a circle
  unhealthy:
    'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm2.6 8.5a.8.8 0 1 1-1.1 1.1L8 9.1l-1.5 1.5a.8.8 0 1 1-1.1-1.1L6.9 8 5.4 6.5a.8.8 0 1 1 1.1-1.1L8 6.9l1.5-1.5a.8.8 0 1 1 1.1 1.1L9.1 8l1.5 1.5Z',
  // dash in a circle
  unknown: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1ZM5 7.2h6a.8.8 0 0 1 0 1.6H5a.8.8 0 0 1 0-1.6Z',
  // pause bars in a circle: checks go on, alerts are held
  maintenance: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1ZM5.6 5h1.6v6H5.6V5Zm3.2 0h1.6v6H8.8V5Z',
};

export interface StatusIconProps extends SVGProps<SVGSVGElement> {
  status: DisplayStatus;
}

/** Decorative: the status is always also given as text beside it. */
export function StatusIcon({ status, className, ...props }: StatusIconProps) {
  return (
    <svg
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      data-slot="status-icon"
      className={cn('wg-status-icon', className)}
      {...props}
    >
      <path fill="currentColor" d={PATHS[status]} />
    </svg>
  );
}
