# The C block, shared with _walk.pyx (which builds them without a Python call).

cdef class Block:
    cdef public str text
    cdef public Py_ssize_t chars        # characters, spaces not counted (CJK counts fairly)
    cdef public Py_ssize_t link_chars   # of which inside <a>
    cdef public str tag                 # innermost block-level element
    cdef public Py_ssize_t parent       # index in Blocks.el_* of that element
    cdef public bint line               # started by <br>: continues the previous block
