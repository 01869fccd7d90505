// A box that scrolls its (wide) content on its own, so the page never grows wider than the screen: a labelled
// region that a keyboard can reach (Tab to it, then the arrow keys scroll), as WCAG asks of scrollable regions.
export function ScrollBox({ label, className = "", children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`relative max-w-full overflow-auto ${className}`}>
      {children}
    </div>
  );
}
