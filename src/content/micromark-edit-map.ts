import { EditMap } from 'micromark-util-edit-map';
import type { Event } from 'micromark-util-types';

/** The fields of micromark's EditMap that `consume` reads (its own are not in its types). */
interface Edits {
  map: Array<[number, number, Event[]]>;
  index: Map<number, unknown>;
}

/**
 * micromark's `EditMap.consume`, but for its last step: micromark copied the whole list of events
 * and pushed every one back, where the events before the first change can stay as they are.
 * micromark's document tokenizer applies an edit map to the document's whole list at each lazy line
 * and each closed container (a paragraph running on in a list item or quote), so a long document
 * took time growing with the square of its length: 7 of the 11 seconds a 2.5 MB half of a 5 MB
 * brief took to read. The result is the same list, changed in place as before.
 */
function consume(this: Edits, events: Event[]): undefined {
  this.map.sort((a, b) => a[0] - b[0]);
  if (this.map.length === 0) return;
  const vecs: Event[][] = [];
  for (let index = this.map.length - 1; index >= 0; index--) {
    const [at, remove, add] = this.map[index]!;
    vecs.push(events.slice(at + remove), add);
    events.length = at;
  }
  for (let slice = vecs.pop(); slice; slice = vecs.pop()) for (const event of slice) events.push(event);
  this.map.length = 0;
  this.index.clear();
}

type Consume = (this: EditMap, events: Event[]) => undefined;
/** micromark's own, which tests compare with. */
export const micromarkConsume: Consume = EditMap.prototype.consume;
export const linearConsume = consume as unknown as Consume;

// Only on the EditMap this was written for (package.json pins it): another may keep its edits otherwise.
const probe = new EditMap() as unknown as Partial<Edits>;
if (Array.isArray(probe.map) && probe.index instanceof Map) EditMap.prototype.consume = linearConsume;
