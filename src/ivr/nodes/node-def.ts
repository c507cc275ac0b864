import type { FlowNode, Pos } from '../flow.js';
import type { RunContext, Step } from '../run-context.js';
import type { MapView } from '../yaml-reader.js';

/** One node kind: how it is read from YAML and how it runs. */
export interface NodeDef<N extends FlowNode> {
  kind: N['kind'];
  /** Fields the kind accepts (besides `type`), for the editor's help. */
  fields: readonly string[];
  parse(v: MapView, base: { id: string; pos: Pos }): N;
  run(node: N, ctx: RunContext): Promise<Step>;
}
