import { taskKey, type TaskRef } from '../../../src/subscriptions/task-ref';
import { WatchReasons } from '../../../src/subscriptions/watch-reasons';
import { ref } from './fakes';

describe('why a task is watched', () => {
  let log: string[];
  let reasons: WatchReasons;
  const a = ref('macmodification-0000000000000000a');
  const b = ref('macmodification-0000000000000000b');
  beforeEach(() => {
    log = [];
    reasons = new WatchReasons({ watched: (r: TaskRef) => log.push(`+${r.id}`), unwatched: (r: TaskRef) => log.push(`-${r.id}`) });
  });

  it('a task is watched while it has listeners, once however many listen', () => {
    const stops = [reasons.addListener(a), reasons.addListener(a), reasons.addListener(a)];
    expect(reasons.listenersOf(a)).toBe(3);
    expect([...reasons.reasonsFor(a)]).toEqual(['listener']);
    stops[0]();
    stops[0](); // releasing twice counts once
    stops[1]();
    expect(reasons.isWatched(a)).toBe(true);
    stops[2]();
    expect(reasons.isWatched(a)).toBe(false);
    expect(log).toEqual([`+${a.id}`, `-${a.id}`]);
  });

  it('a task a mutation created stays watched after its listeners leave, until it ends', () => {
    const stop = reasons.addListener(a);
    reasons.mutated(a);
    stop();
    expect([...reasons.reasonsFor(a)]).toEqual(['mutation']);
    reasons.ended(a);
    expect(reasons.isWatched(a)).toBe(false);
    expect(log).toEqual([`+${a.id}`, `-${a.id}`]);
  });

  it('a discovered task is watched only while a fleet listener exists', () => {
    expect(reasons.discovered(a)).toBe(false); // nobody listens to the fleet: not watched
    expect(reasons.isWatched(a)).toBe(false);
    const stopFleet = reasons.addFleetListener();
    expect(reasons.discovered(a)).toBe(true);
    expect(reasons.discovered(a)).toBe(false); // not news the second time
    reasons.mutated(b);
    expect(reasons.discovered(b)).toBe(true);
    stopFleet();
    expect(reasons.fleetListeners).toBe(0);
    expect(reasons.refs()).toEqual([b]); // b was also created by a mutation
    expect([...reasons.reasonsFor(b)]).toEqual(['mutation']);
    expect(log).toEqual([`+${a.id}`, `+${b.id}`, `-${a.id}`]);
  });

  it('an ended task drops every reason; a late release does not touch a later watch of it', () => {
    const stop = reasons.addListener(a);
    reasons.ended(a);
    expect(reasons.isWatched(a)).toBe(false);
    const again = reasons.addListener(a);
    stop(); // the first listener leaves after the task was dropped and watched anew
    expect(reasons.listenersOf(a)).toBe(1);
    again();
    expect(log).toEqual([`+${a.id}`, `-${a.id}`, `+${a.id}`, `-${a.id}`]);
  });

  it('giving up on a task AWS cannot find keeps it only for its listeners', () => {
    reasons.mutated(a);
    reasons.gaveUp(a);
    expect(reasons.isWatched(a)).toBe(false);
    const stop = reasons.addListener(b);
    reasons.mutated(b);
    reasons.gaveUp(b);
    expect([...reasons.reasonsFor(b)]).toEqual(['listener']);
    stop();
    expect(reasons.size).toBe(0);
  });

  it('finds a watched task by its key and tells listeners of every change', () => {
    let changes = 0;
    const off = reasons.onChange(() => changes++);
    const stop = reasons.addListener(a);
    const stopFleet = reasons.addFleetListener();
    expect(reasons.refByKey(taskKey(a))).toEqual(a);
    expect(reasons.refByKey(taskKey(b))).toBeUndefined();
    stop();
    stopFleet();
    off();
    reasons.addListener(b);
    expect(changes).toBe(4);
  });
});
