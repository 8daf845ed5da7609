import type { ComponentProps } from 'react';

type GuardedButtonProps = Omit<ComponentProps<'button'>, 'disabled' | 'type'> & { unavailable: boolean };

/**
 * A button that stays focusable while it cannot act (aria-disabled rather than disabled), so
 * keyboard users keep their place when the floor or the list changes under them.
 */
export function GuardedButton({ unavailable, onClick, className, ...rest }: GuardedButtonProps) {
  return (
    <button
      {...rest}
      type="button"
      aria-disabled={unavailable || undefined}
      className={[className, unavailable ? 'unavailable' : null].filter(Boolean).join(' ') || undefined}
      onClick={unavailable ? undefined : onClick}
    />
  );
}
