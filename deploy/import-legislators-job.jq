# The Groundswell Deployment (kubectl get deployment groundswell -o json) turned into a one-off Job that imports a
# newer legislators-current.yaml with the service's command mode, in the Deployment's own pod: same image,
# environment (ConfigMap and Secrets), security context and volumes (the database CA in prod). The file comes
# gzipped from the ConfigMap "legislators" (the plain file is larger than a ConfigMap may be) and is unpacked into
# the pod's writable /tmp. The pod is labelled a Groundswell pod for the NetworkPolicies (it may reach the
# database) but not a web pod, so no Service sends it requests. Used in the README ("Legislators") and run by
# deploy/kube-play-check.sh.
{
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: {name: "import-legislators"},
  spec: {
    backoffLimit: 0,
    ttlSecondsAfterFinished: 3600,
    template: {
      metadata: {labels: {"app.kubernetes.io/name": "groundswell", "app.kubernetes.io/component": "import"}},
      spec: (.spec.template.spec
        | .restartPolicy = "Never"
        | del(.topologySpreadConstraints)
        | .volumes += [{name: "legislators", configMap: {name: "legislators"}}]
        | .containers |= map(if .name == "groundswell" then
            del(.startupProbe, .readinessProbe, .livenessProbe, .lifecycle, .ports)
            | .volumeMounts += [{name: "legislators", mountPath: "/import", readOnly: true}]
            | .command = ["sh", "-c", "gzip -dc /import/legislators-current.yaml.gz > /tmp/legislators-current.yaml && exec java -jar /deployments/quarkus-run.jar import-legislators /tmp/legislators-current.yaml"]
          else . end))
    }
  }
}
