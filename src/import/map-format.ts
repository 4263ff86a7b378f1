/**
 * Which reader a map file needs: by its extension, else by its first character (`<`
 * XML → GraphML, `{` JSON → GeoJSON, anything else GML).
 */
export type MapFormat = 'graphml' | 'gml' | 'geojson';

export function mapFormat(path: string, text: string): MapFormat {
  const extension = path.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (extension === 'graphml' || extension === 'xml') return 'graphml';
  if (extension === 'gml') return 'gml';
  if (extension === 'geojson' || extension === 'json') return 'geojson';
  const first = text.trimStart()[0];
  return first === '<' ? 'graphml' : first === '{' ? 'geojson' : 'gml';
}
