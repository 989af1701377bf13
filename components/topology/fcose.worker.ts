/**
 * fcose off the main thread: the namespace grouping's force-directed refinement runs here, in a Web Worker, on a
 * headless cytoscape with the page's stylesheet (node sizes), so the page never freezes while it runs. In: the
 * elements (already grouped into `ns:<name>` boxes, with the namespace packing's positions as the start). Out: the
 * positions of the leaf nodes, or an error message.
 */
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { topologyStyle } from "./styles";

cytoscape.use(fcose);

export interface FcoseRequest {
  id: number;
  elements: cytoscape.ElementDefinition[];
}
export interface FcoseResponse {
  id: number;
  positions?: Record<string, { x: number; y: number }>;
  error?: string;
}

self.onmessage = (e: MessageEvent<FcoseRequest>) => {
  const { id, elements } = e.data;
  try {
    const cy = cytoscape({ headless: true, styleEnabled: true, elements, style: topologyStyle("light", false) });
    cy.layout({
      name: "fcose",
      quality: "default",
      randomize: false,
      animate: false,
      // labels cannot be measured without a DOM canvas: node sizes come from the stylesheet
      nodeDimensionsIncludeLabels: false,
      packComponents: true,
      fit: false,
    } as cytoscape.LayoutOptions).run();
    const positions: Record<string, { x: number; y: number }> = {};
    cy.nodes().forEach((n) => {
      if (!n.isParent()) positions[n.id()] = { ...n.position() };
    });
    cy.destroy();
    (self as unknown as Worker).postMessage({ id, positions } satisfies FcoseResponse);
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: String(err) } satisfies FcoseResponse);
  }
};
