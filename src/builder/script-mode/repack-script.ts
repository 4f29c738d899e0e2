/**
 * The files of sagepipe's model repack job: a training job in the scikit-learn image (as the
 * Python SDK's `_RepackModelStep`) that puts inference code into a model archive. The toolkit runs
 * the launcher (a shell entry point, so that it does not pip-install the user's `requirements.txt`:
 * the requirements are for the inference container), which runs the Python script.
 */

/** The launcher's name: the `sagemaker_program` of the repack job, as the SDK names it. */
export const REPACK_LAUNCHER = "_repack_script_launcher.sh";

/** The repack script's name in the job's code. */
export const REPACK_SCRIPT = "_sagepipe_repack.py";

/** The launcher: runs the repack script with the image's Python from the code directory. */
export const REPACK_LAUNCHER_TEXT = `#!/bin/bash
# Written by sagepipe: repack the model with its inference code (see ${REPACK_SCRIPT}).
set -e
cd "$(dirname "$0")"
exec python ${REPACK_SCRIPT}
`;

/**
 * The repack script (Python 3, standard library only). Reads the job's hyperparameters from
 * SM_HPS: inference_script (the entry point's name), source_dir (not null: the whole code
 * directory replaces code/; null: the script is added to the code/ the model has, as the SDK's
 * _repack_model.py does), dependencies (space-separated names, copied to code/lib/). The model
 * archive is the one file of the training channel. The result is left in SM_MODEL_DIR, which
 * SageMaker packs into the job's model.tar.gz.
 */
export const REPACK_SCRIPT_TEXT = `"""Written by sagepipe: put inference code into a model archive.

The model archive (the one file of the training channel) is unpacked into the model directory;
its code/ directory gets the inference code: the whole source directory (in place of the code/
the archive had) when the job was given one, else the inference script (added to the code/ the
archive has); dependencies go to code/lib/. SageMaker packs the model directory into the job's
model.tar.gz.
"""
import json
import os
import shutil
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
OWN_FILES = {"${REPACK_SCRIPT}", "${REPACK_LAUNCHER}"}


def fail(message):
    print("repack: " + message, file=sys.stderr)
    sys.exit(1)


def hyperparameters():
    raw = json.loads(os.environ.get("SM_HPS", "{}"))
    return {key: (None if value in (None, "null") else value) for key, value in raw.items()}


def model_archive(channel):
    files = []
    for root, _, names in os.walk(channel):
        files.extend(os.path.join(root, name) for name in names)
    if len(files) != 1:
        fail("the training channel must hold the model archive and nothing else, found %d files in %s" % (len(files), channel))
    return files[0]


def unpack(archive, target):
    root = os.path.realpath(target)
    with tarfile.open(archive, mode="r:*") as tar:
        members = []
        for member in tar.getmembers():
            path = os.path.realpath(os.path.join(root, member.name))
            if path != root and not path.startswith(root + os.sep):
                fail("unsafe path in the model archive: " + member.name)
            if member.issym() or member.islnk():
                link = os.path.realpath(os.path.join(os.path.dirname(path), member.linkname))
                if not link.startswith(root + os.sep):
                    fail("unsafe link in the model archive: " + member.name)
            members.append(member)
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, members=members, filter="data")
        else:
            tar.extractall(target, members=members)


def copy_code(code_dir, hps):
    if hps.get("source_dir") is not None:
        if os.path.isdir(code_dir):
            shutil.rmtree(code_dir)
        shutil.copytree(HERE, code_dir, ignore=lambda directory, names: [n for n in names if directory == HERE and n in OWN_FILES])
    else:
        script = hps.get("inference_script")
        if not script:
            fail("no inference_script hyperparameter")
        os.makedirs(code_dir, exist_ok=True)
        shutil.copy2(os.path.join(HERE, script), os.path.join(code_dir, script))
    for dependency in (hps.get("dependencies") or "").split():
        source = os.path.join(HERE, dependency)
        target = os.path.join(code_dir, "lib", os.path.basename(dependency))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.isdir(source):
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)


def main():
    hps = hyperparameters()
    channel = os.environ.get("SM_CHANNEL_TRAINING", "/opt/ml/input/data/training")
    model_dir = os.environ.get("SM_MODEL_DIR", "/opt/ml/model")
    unpack(model_archive(channel), model_dir)
    copy_code(os.path.join(model_dir, "code"), hps)
    print("repack: %s now holds the model and its inference code" % model_dir)


if __name__ == "__main__":
    main()
`;
