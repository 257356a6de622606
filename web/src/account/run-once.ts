import { useEffect, useRef } from 'react';

/**
 * Runs `action` once when the screen opens, for the pages an email's link opens (the link is the request to act).
 * Their tokens are single-use, so StrictMode's second run of effects in development must not send it again.
 */
export function useRunOnce(action: () => void): void {
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    action();
  });
}
