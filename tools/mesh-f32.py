# Converts the server's face-mesh network (public/models/face-mesh-478.onnx, float16 weights and tensors: MediaPipe's
# Face Landmarker landmark network, see public/models/NOTICE.md) to float32, unchanged otherwise: every float16
# initializer, Constant and Cast target becomes float32, and so do the graph's inputs, outputs and value infos.
# onnxruntime's CPU provider has few float16 kernels: it ran the float16 graph through inserted casts, and the server
# converted every input to float16 bits and every output back in JavaScript (npm run bench:evidence measured about
# 4 ms a frame for both). The float32 graph computes the same function (the float16 weights are exactly
# representable in float32).
#
#   python3 tools/mesh-f32.py <face-mesh-478.onnx (float16, sha256 017f267d…)> public/models/face-mesh-478-f32.onnx
#
# Needs the `onnx` Python package (1.23 here) and numpy. The output's sha256 and size go into lib/face/models.ts
# (SERVER_MODELS.faceMesh) and public/models/NOTICE.md.
import hashlib
import sys

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper

SOURCE_SHA256 = "017f267ddd81e042224c43f00a3ef6d548a6595fe2a8e2a2ceacd0214269a79c"


def main(src: str, dst: str) -> None:
    data = open(src, "rb").read()
    if hashlib.sha256(data).hexdigest() != SOURCE_SHA256:
        sys.exit(f"{src}: not the float16 network ({SOURCE_SHA256})")
    m = onnx.load_from_string(data)
    g = m.graph
    to32 = lambda t: numpy_helper.from_array(numpy_helper.to_array(t).astype(np.float32), t.name)
    for i, t in enumerate(g.initializer):
        if t.data_type == TensorProto.FLOAT16:
            g.initializer[i].CopyFrom(to32(t))
    for vi in list(g.input) + list(g.output) + list(g.value_info):
        if vi.type.tensor_type.elem_type == TensorProto.FLOAT16:
            vi.type.tensor_type.elem_type = TensorProto.FLOAT
    for n in g.node:
        for a in n.attribute:
            if n.op_type == "Cast" and a.name == "to" and a.i == TensorProto.FLOAT16:
                a.i = TensorProto.FLOAT
            if n.op_type == "Constant" and a.name == "value" and a.t.data_type == TensorProto.FLOAT16:
                a.t.CopyFrom(to32(a.t))
    onnx.checker.check_model(m)
    out = m.SerializeToString()
    open(dst, "wb").write(out)
    print(dst, len(out), hashlib.sha256(out).hexdigest())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
