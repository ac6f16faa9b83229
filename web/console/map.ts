// The district map without tiles: municipalities as areas approximated from their centres (the
// hub's municipality locations, from shared/data's town centres): each area is the part of a circle
// around its centre that is nearer to it than to any other centre (a Voronoi cell cut to a
// radius), so neighbours share edges and the outline follows the towns. No boundary data is
// bundled: it is a schematic map, and says so.

export interface LatLon {
  latitude: number;
  longitude: number;
}
export interface Point {
  x: number;
  y: number;
}

export interface Projection {
  width: number;
  height: number;
  project(p: LatLon): Point;
}

/**
 * An equirectangular projection fitted to `points` in a `width`×`height` box with `padding`:
 * longitudes shrink by cos(mean latitude) so distances look right at ~51° N; north is up.
 */
export function fitProjection(points: LatLon[], width: number, height: number, padding = 24): Projection {
  if (!points.length) return { width, height, project: () => ({ x: width / 2, y: height / 2 }) };
  const lats = points.map((p) => p.latitude);
  const lons = points.map((p) => p.longitude);
  const minLat = Math.min(...lats);
  const maxLat = Math.max(...lats);
  const minLon = Math.min(...lons);
  const maxLon = Math.max(...lons);
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-6);
  const spanY = Math.max(maxLat - minLat, 1e-6);
  const scale = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  return {
    width,
    height,
    project: (p) => ({
      x: offsetX + (p.longitude - minLon) * k * scale,
      y: offsetY + (maxLat - p.latitude) * scale,
    }),
  };
}

/** Cuts a convex polygon by the half-plane of points nearer to `a` than to `b` (Sutherland–Hodgman, one edge). */
function clipNearer(polygon: Point[], a: Point, b: Point): Point[] {
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  const nx = b.x - a.x;
  const ny = b.y - a.y;
  const side = (p: Point) => (p.x - mx) * nx + (p.y - my) * ny; // <= 0: on a's side
  const out: Point[] = [];
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i]!;
    const q = polygon[(i + 1) % polygon.length]!;
    const sp = side(p);
    const sq = side(q);
    if (sp <= 0) out.push(p);
    if ((sp < 0 && sq > 0) || (sp > 0 && sq < 0)) {
      const t = sp / (sp - sq);
      out.push({ x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y) });
    }
  }
  return out;
}

/** A regular polygon approximating a circle. */
export function circle(centre: Point, radius: number, corners = 32): Point[] {
  return Array.from({ length: corners }, (_, i) => {
    const angle = (2 * Math.PI * i) / corners;
    return { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
  });
}

/** The area of each centre: its circle of `radius`, cut to the points nearer to it than to any other centre. */
export function cells(centres: Point[], radius: number): Point[][] {
  return centres.map((c, i) =>
    centres.reduce(
      (polygon, other, j) => (j === i || polygon.length === 0 ? polygon : clipNearer(polygon, c, other)),
      circle(c, radius),
    ),
  );
}

/** An SVG path for a polygon, rounded to 0.1 px. */
export function pathOf(polygon: Point[]): string {
  if (!polygon.length) return '';
  return `M${polygon.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('L')}Z`;
}

/** The centroid of a polygon's corners (where a label goes). */
export function centroid(polygon: Point[]): Point {
  const n = polygon.length || 1;
  return { x: polygon.reduce((s, p) => s + p.x, 0) / n, y: polygon.reduce((s, p) => s + p.y, 0) / n };
}

/** Coverage classes for colouring: 0 (a gap), 1, or 2 and more. */
export function coverageClass(count: number): 'gap' | 'some' | 'many' {
  return count <= 0 ? 'gap' : count === 1 ? 'some' : 'many';
}

/**
 * Spreads markers that share a spot (organisations without their own location sit on their
 * municipality's centre) around it on a small ring, in a stable order, so each stays clickable.
 */
export function spread(points: Point[], ring = 7): Point[] {
  const groups = new Map<string, number[]>();
  points.forEach((p, i) => {
    const key = `${Math.round(p.x)},${Math.round(p.y)}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const out = points.slice();
  for (const indexes of groups.values()) {
    if (indexes.length < 2) continue;
    indexes.forEach((index, k) => {
      const angle = (2 * Math.PI * k) / indexes.length;
      out[index] = { x: points[index]!.x + ring * Math.cos(angle), y: points[index]!.y + ring * Math.sin(angle) };
    });
  }
  return out;
}
