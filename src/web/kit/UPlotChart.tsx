/**
 * A uPlot chart as a Preact component: made once when mounted, given new data and options as they
 * come, sized to its container (a ResizeObserver follows the layout), destroyed when unmounted so
 * no canvas or observer outlives the page. The canvas is described for screen readers by `label`
 * (the figures themselves are in a table next to it).
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface UPlotChartProps {
  /** Options without a size: the container gives it. */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  label: string;
  height?: number;
  class?: string;
}

export function UPlotChart({ options, data, label, height = 220, class: className }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  // Options change the series (a language switch relabels them): the chart is made again.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const u = new uPlot({ ...options, width: Math.max(200, el.clientWidth), height }, data, el);
    chart.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      chart.current = null;
    };
    // data goes in through the effect below: making the chart again for every new data would flicker.
  }, [options, height]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div ref={box} class={`uplot-chart${className ? ` ${className}` : ''}`} role="img" aria-label={label} />;
}
