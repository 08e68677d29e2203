// A titled box of the exercise and of the feedback page: a section named by its heading (the id
// also names the tables inside that point at the heading with aria-labelledby).
import type { ReactNode } from 'react';

export function Box({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="tr-box" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}
