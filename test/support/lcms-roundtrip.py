"""Opens an ICC profile with Little CMS (the colour engine poppler and Ghostscript use) and
prints, as JSON, whether it opened, its version, its class and colour space, and the largest
difference over a grid of RGB colours between the profile's transform to lcms's own built-in
sRGB and the colours themselves (0 for a correct sRGB profile). Reads the profile from stdin."""
import ctypes
import ctypes.util
import itertools
import json
import sys

lcms = ctypes.CDLL(ctypes.util.find_library("lcms2") or "liblcms2.so.2")
lcms.cmsOpenProfileFromMem.restype = ctypes.c_void_p
lcms.cmsOpenProfileFromMem.argtypes = [ctypes.c_char_p, ctypes.c_uint32]
lcms.cmsCreate_sRGBProfile.restype = ctypes.c_void_p
lcms.cmsGetEncodedICCversion.argtypes = [ctypes.c_void_p]
lcms.cmsGetEncodedICCversion.restype = ctypes.c_uint32
lcms.cmsGetDeviceClass.argtypes = [ctypes.c_void_p]
lcms.cmsGetDeviceClass.restype = ctypes.c_uint32
lcms.cmsGetColorSpace.argtypes = [ctypes.c_void_p]
lcms.cmsGetColorSpace.restype = ctypes.c_uint32
lcms.cmsCreateTransform.restype = ctypes.c_void_p
lcms.cmsCreateTransform.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32]
lcms.cmsDoTransform.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint32]

TYPE_RGB_8 = (4 << 16) | (3 << 3) | 1  # COLORSPACE_SH(PT_RGB) | CHANNELS_SH(3) | BYTES_SH(1)
INTENT_RELATIVE_COLORIMETRIC = 1

data = sys.stdin.buffer.read()
profile = lcms.cmsOpenProfileFromMem(data, len(data))
if not profile:
    print(json.dumps({"opened": False}))
    sys.exit(0)
signature = lambda value: value.to_bytes(4, "big").decode("latin1")
transform = lcms.cmsCreateTransform(profile, TYPE_RGB_8, lcms.cmsCreate_sRGBProfile(), TYPE_RGB_8, INTENT_RELATIVE_COLORIMETRIC, 0)
difference = None
if transform:
    levels = [0, 1, 17, 50, 100, 128, 180, 200, 254, 255]
    colours = bytes(channel for rgb in itertools.product(levels, repeat=3) for channel in rgb)
    out = ctypes.create_string_buffer(len(colours))
    lcms.cmsDoTransform(transform, colours, out, len(colours) // 3)
    difference = max(abs(a - b) for a, b in zip(colours, out.raw))
print(json.dumps({
    "opened": True,
    "version": lcms.cmsGetEncodedICCversion(profile) >> 24,
    "deviceClass": signature(lcms.cmsGetDeviceClass(profile)),
    "colorSpace": signature(lcms.cmsGetColorSpace(profile)),
    "maxDifference": difference,
}))
