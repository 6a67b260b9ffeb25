/**
 * Small, hand-written mesh manifests for the fuzzer to start from: the Istio and Gateway API
 * resources people edit most, one or two rollout resources, and plain Kubernetes objects they sit
 * beside. Each is valid against its schema, so whatever the fuzzer finds comes from its edits.
 */

export const MANIFESTS: readonly string[] = [
  `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: checkout
  namespace: shop
spec:
  hosts:
  - checkout.shop.svc.cluster.local
  gateways:
  - shop/public
  - mesh
  http:
  - name: canary
    match:
    - headers:
        x-canary:
          exact: "true"
    route:
    - destination:
        host: checkout.shop.svc.cluster.local
        subset: v2
  - route:
    - destination:
        host: checkout.shop.svc.cluster.local
        subset: v1
      weight: 95
    - destination:
        host: checkout.shop.svc.cluster.local
        subset: v2
      weight: 5
    retries:
      attempts: 2
      perTryTimeout: 1s
`,
  `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: checkout
  namespace: shop
spec:
  host: checkout.shop.svc.cluster.local
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
`,
  `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: shop
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - "shop.example.com"
    tls:
      mode: SIMPLE
      credentialName: shop-cert
`,
  `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: STRICT
`,
  `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: checkout-callers
  namespace: shop
spec:
  selector:
    matchLabels:
      app: checkout
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/shop/sa/frontend"]
    to:
    - operation:
        methods: ["POST"]
        paths: ["/cart/*"]
`,
  `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: shop
spec:
  egress:
  - hosts:
    - "./*"
    - "istio-system/*"
`,
  `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: payments-api
  namespace: shop
spec:
  hosts:
  - api.payments.example
  location: MESH_EXTERNAL
  ports:
  - number: 443
    name: tls
    protocol: TLS
  resolution: DNS
`,
  `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: infra
spec:
  gatewayClassName: istio
  listeners:
  - name: https
    hostname: "*.example.com"
    port: 443
    protocol: HTTPS
    tls:
      mode: Terminate
      certificateRefs:
      - name: wildcard-cert
    allowedRoutes:
      namespaces:
        from: All
`,
  `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: shop
spec:
  parentRefs:
  - name: edge
    namespace: infra
  hostnames:
  - store.example.com
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /api
    backendRefs:
    - name: store-v1
      port: 8080
      weight: 90
    - name: store-v2
      port: 8080
      weight: 10
`,
  `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: inventory
  namespace: shop
spec:
  parentRefs:
  - name: edge
    namespace: infra
  rules:
  - matches:
    - method:
        service: shop.Inventory
    backendRefs:
    - name: inventory
      port: 9000
`,
  `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: allow-shop-routes
  namespace: infra
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: shop
  to:
  - group: ""
    kind: Secret
`,
  `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: checkout
  namespace: shop
spec:
  replicas: 4
  selector:
    matchLabels:
      app: checkout
  template:
    metadata:
      labels:
        app: checkout
    spec:
      containers:
      - name: checkout
        image: registry.example/checkout:2.4.1
  strategy:
    canary:
      canaryService: checkout-canary
      stableService: checkout-stable
      trafficRouting:
        istio:
          virtualService:
            name: checkout
            routes:
            - canary
      steps:
      - setWeight: 10
      - pause: {duration: 5m}
      - setWeight: 50
`,
  `apiVersion: v1
kind: Service
metadata:
  name: checkout
  namespace: shop
  labels:
    app: checkout
spec:
  selector:
    app: checkout
  ports:
  - name: http
    port: 8080
    targetPort: 8080
`,
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout-v1
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: checkout, version: v1}
  template:
    metadata:
      labels: {app: checkout, version: v1}
    spec:
      containers:
      - name: app
        image: registry.example/checkout:2.4.0
        ports:
        - containerPort: 8080
`,
];

/** Kinds (with an apiVersion each) that a kind-changing edit may switch a document to. */
export const KINDS: readonly (readonly [apiVersion: string, kind: string])[] = [
  ['networking.istio.io/v1', 'VirtualService'],
  ['networking.istio.io/v1', 'DestinationRule'],
  ['networking.istio.io/v1', 'Gateway'],
  ['networking.istio.io/v1', 'ServiceEntry'],
  ['networking.istio.io/v1beta1', 'Sidecar'],
  ['security.istio.io/v1', 'AuthorizationPolicy'],
  ['gateway.networking.k8s.io/v1', 'Gateway'],
  ['gateway.networking.k8s.io/v1', 'HTTPRoute'],
  ['gateway.networking.k8s.io/v1alpha2', 'TCPRoute'],
  ['argoproj.io/v1alpha1', 'Rollout'],
  ['flagger.app/v1beta1', 'Canary'],
  ['v1', 'ConfigMap'],
  ['v1', 'Service'],
  ['example.com/v1', 'NotAMeshKind'],
];
