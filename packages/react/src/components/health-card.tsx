import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { cn } from '../lib/cn';
import { Heading, type HeadingLevel } from './heading';

export interface HealthCardProps extends Omit<ComponentPropsWithoutRef<'section'>, 'title'> {
  title: ReactNode;
  /** Level of the title heading (default 2); put section headings inside one below. */
  headingLevel?: HeadingLevel;
  /** Beside the title (a badge, a button). */
  actions?: ReactNode;
}

/** The card shell of every widget here: bordered section, titled, with scoped base styles. */
export function HealthCard({
  title,
  headingLevel = 2,
  actions,
  className,
  children,
  ...props
}: HealthCardProps) {
  return (
    <section
      data-waygate=""
      data-slot="health-card"
      className={cn('wg-card', className)}
      {...props}
    >
      <header className="wg-card-header">
        <Heading level={headingLevel} className="wg-card-title">
          {title}
        </Heading>
        {actions}
      </header>
      {children}
    </section>
  );
}
