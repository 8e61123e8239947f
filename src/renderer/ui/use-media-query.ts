import { useEffect, useState } from 'react';

const matches = (query: string): boolean => (typeof window.matchMedia === 'function' ? window.matchMedia(query).matches : true);

/** Whether a CSS media query matches now, updated as the window changes (true where the browser cannot tell). */
export function useMediaQuery(query: string): boolean {
  const [isMatch, setMatch] = useState(() => matches(query));
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const list = window.matchMedia(query);
    const onChange = (): void => setMatch(list.matches);
    onChange();
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, [query]);
  return isMatch;
}
