/**
 * How much document the browser's pages may hold at once, in characters of HTML. A renderer holding
 * a 2,000-page brief takes some 1.6 GB; three such documents at once (a 5 MB brief's PDF, its deck
 * and pack.pdf) took a build past 4 GB. A page loading a document waits until what the others hold
 * leaves room for it; a page alone may hold any document. The small documents of a pack never wait.
 */
export class DocumentBudget {
  private held = 0;
  private readonly waiting: Array<{ chars: number; grant: () => void }> = [];

  constructor(private readonly limit: number) {}

  /** Waits until `chars` more fit (or nothing else is held), then holds them. */
  async take(chars: number): Promise<void> {
    if (this.fits(chars)) {
      this.held += chars;
      return;
    }
    await new Promise<void>((grant) => this.waiting.push({ chars, grant }));
  }

  /** Gives back what a page held, and lets in whoever waits and now fits, in turn. */
  give(chars: number): void {
    this.held -= chars;
    for (let i = 0; i < this.waiting.length; ) {
      const next = this.waiting[i]!;
      if (!this.fits(next.chars)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.held += next.chars;
      next.grant();
    }
  }

  private fits(chars: number): boolean {
    return this.held === 0 || this.held + chars <= this.limit;
  }
}
