/** Small manifests several suites share, so each mistake is written once. */

/** A VirtualService whose second-to-last line misspells `weight` (line 10, characters 6-12). */
export const MISSPELT_WEIGHT = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
      wieght: 100
`;
