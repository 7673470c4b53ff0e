# Prepares `kubectl kustomize` output for `podman kube play` (deploy/kube-play-check.sh) and tells the check what
# the rendered Deployment promises, so that it can hold the running pod to it.
#   python3 kube-play-prep.py RENDERED.yaml OUT_DIR
# writes:
#   OUT_DIR/play.yaml          every rendered object except the Secrets, unchanged (podman ignores the kinds it
#                              does not run: Service, Ingress, HorizontalPodAutoscaler, NetworkPolicy, ...);
#   OUT_DIR/secrets/NAME.json  each Secret's data as podman's secret store holds a Kubernetes Secret for
#                              `secretKeyRef`/`secretRef` (a JSON map of base64 values); podman 4.3 stores a Secret
#                              from the YAML in a form it cannot read back, so the check creates them itself;
#   OUT_DIR/facts.json         the Deployment's name, container, image, ports, probes (named ports resolved to
#                              numbers, as the kubelet does), user, volumes and memory limit; the admin token;
#   OUT_DIR/deployment.json    the rendered Deployment, and OUT_DIR/configmaps.yaml its ConfigMaps (for the Job).
# Needs PyYAML (Debian: python3-yaml).
import base64
import json
import os
import sys

import yaml

rendered, out = sys.argv[1], sys.argv[2]
with open(rendered) as f:
    documents = [d for d in yaml.safe_load_all(f) if d]

deployments = [d for d in documents if d.get("kind") == "Deployment"]
if len(deployments) != 1:
    sys.exit(f"expected one Deployment in {rendered}, found {len(deployments)}")
deployment = deployments[0]
pod = deployment["spec"]["template"]["spec"]
container = next((c for c in pod["containers"] if c["name"] == "groundswell"), pod["containers"][0])
ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}


def probe(name):
    get = container.get(name, {}).get("httpGet")
    if not get:
        return None
    port = get["port"]
    return {"path": get.get("path", "/"), "portName": port if isinstance(port, str) else None,
            "port": ports[port] if isinstance(port, str) else port}


os.makedirs(os.path.join(out, "secrets"), exist_ok=True)
secrets = {}
for document in documents:
    if document.get("kind") == "Secret":
        name = document["metadata"]["name"]
        data = dict(document.get("data") or {})
        for key, value in (document.get("stringData") or {}).items():
            data[key] = base64.b64encode(value.encode()).decode()
        with open(os.path.join(out, "secrets", name + ".json"), "w") as f:
            json.dump(data, f)
        secrets[name] = data

admin_token = None
for variable in container.get("env", []):
    ref = (variable.get("valueFrom") or {}).get("secretKeyRef")
    if variable["name"] == "GROUNDSWELL_ADMIN_TOKEN" and ref and ref["name"] in secrets:
        admin_token = base64.b64decode(secrets[ref["name"]][ref["key"]]).decode()

security = container.get("securityContext") or {}
pod_security = pod.get("securityContext") or {}
facts = {
    "deployment": deployment["metadata"]["name"],
    "replicasField": "replicas" in deployment["spec"],
    "container": container["name"],
    "image": container["image"],
    "ports": ports,
    "probes": {name: probe(name) for name in ("startupProbe", "readinessProbe", "livenessProbe")},
    "runAsUser": security.get("runAsUser", pod_security.get("runAsUser")),
    "readOnlyRootFilesystem": security.get("readOnlyRootFilesystem", False),
    "volumeMounts": [m["mountPath"] for m in container.get("volumeMounts", [])],
    "memoryLimit": ((container.get("resources") or {}).get("limits") or {}).get("memory"),
    "adminToken": admin_token,
}
with open(os.path.join(out, "facts.json"), "w") as f:
    json.dump(facts, f, indent=2)
with open(os.path.join(out, "play.yaml"), "w") as f:
    yaml.safe_dump_all([d for d in documents if d.get("kind") != "Secret"], f, sort_keys=False)
with open(os.path.join(out, "configmaps.yaml"), "w") as f:
    yaml.safe_dump_all([d for d in documents if d.get("kind") == "ConfigMap"], f, sort_keys=False)
with open(os.path.join(out, "deployment.json"), "w") as f:
    json.dump(deployment, f)
