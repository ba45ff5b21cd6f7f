import { useEffect, useState, useSyncExternalStore, type RefObject } from 'react';

/** True while the media query matches (re-renders when it changes). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** "Now", refreshed every `intervalMs`, for countdowns and relative times. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

/**
 * The height from the element's top to the bottom of the window (at least `min`), kept current when the
 * window or what stands above the element changes size, so a scrolling list fills the screen.
 */
export function useFillHeight(ref: RefObject<HTMLElement | null>, watch: RefObject<HTMLElement | null>, min = 320, gap = 16): number {
  const [height, setHeight] = useState(min * 1.5);
  useEffect(() => {
    const measure = () => {
      const el = ref.current;
      if (!el) return;
      const top = el.getBoundingClientRect().top + window.scrollY;
      setHeight(Math.max(min, Math.floor(window.innerHeight - top - gap)));
    };
    measure();
    window.addEventListener('resize', measure);
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    if (watch.current) observer?.observe(watch.current);
    return () => {
      window.removeEventListener('resize', measure);
      observer?.disconnect();
    };
  }, [ref, watch, min, gap]);
  return height;
}
